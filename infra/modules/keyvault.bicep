// Secrets the site needs (database and Redis connection strings, API keys) live here; app settings refer to them
// with Key Vault references resolved by App Service through the site's managed identity.

param location string
param namePrefix string
param suffix string
param tags object
param readerPrincipalId string

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: take('kv-${namePrefix}-${suffix}', 24)
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

var keyVaultSecretsUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')

resource secretsReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: keyVaultSecretsUser
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
