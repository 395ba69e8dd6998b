// Azure Database for PostgreSQL flexible server with the site's database. The site connects with a password
// (Npgsql connection string from Key Vault); the server is reachable from Azure services only.

param location string
param namePrefix string
param suffix string
param tags object
param vaultName string

param administratorLogin string

@secure()
param administratorPassword string

param skuName string
param skuTier string
param storageSizeGB int
param version string
param databaseName string = 'cooperation'

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2025-08-01' = {
  name: 'psql-${namePrefix}-${suffix}'
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: version
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2025-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0-0.0.0.0 is Azure's convention for "connections from Azure services", which includes App Service.
resource azureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2025-08-01' = {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

module connectionString 'secret.bicep' = {
  name: 'secret-database-connection-string'
  params: {
    vaultName: vaultName
    name: 'database-connection-string'
    value: 'Host=${server.properties.fullyQualifiedDomainName};Port=5432;Database=${database.name};Username=${administratorLogin};Password=${administratorPassword};Ssl Mode=VerifyFull'
  }
}

// Kept so that a later deployment can read it back instead of asking a person for it.
module password 'secret.bicep' = {
  name: 'secret-postgres-administrator-password'
  params: {
    vaultName: vaultName
    name: 'postgres-administrator-password'
    value: administratorPassword
  }
}

output serverName string = server.name
output fullyQualifiedDomainName string = server.properties.fullyQualifiedDomainName
output connectionStringReference string = connectionString.outputs.reference
