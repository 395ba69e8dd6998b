// Azure Managed Redis as the SignalR backplane, so that hub messages reach clients on every instance.
// The site's StackExchange.Redis connection string (with the access key) is kept in Key Vault.

param location string
param namePrefix string
param suffix string
param tags object
param vaultName string

@description('Azure Managed Redis SKU; Balanced_B0 is the smallest.')
param skuName string

resource cluster 'Microsoft.Cache/redisEnterprise@2025-04-01' = {
  name: 'redis-${namePrefix}-${suffix}'
  location: location
  tags: tags
  sku: {
    name: skuName
  }
  properties: {
    minimumTlsVersion: '1.2'
    highAvailability: 'Disabled'
  }
}

resource database 'Microsoft.Cache/redisEnterprise/databases@2025-04-01' = {
  parent: cluster
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    port: 10000
    // One endpoint that behaves like a single Redis: what the SignalR backplane expects.
    clusteringPolicy: 'EnterpriseCluster'
    evictionPolicy: 'NoEviction'
    accessKeysAuthentication: 'Enabled'
  }
}

module connectionString 'secret.bicep' = {
  name: 'secret-signalr-redis'
  params: {
    vaultName: vaultName
    name: 'signalr-redis'
    value: '${cluster.properties.hostName}:${database.properties.port},password=${database.listKeys().primaryKey},ssl=True,abortConnect=False'
  }
}

output hostName string = cluster.properties.hostName
output connectionStringReference string = connectionString.outputs.reference
