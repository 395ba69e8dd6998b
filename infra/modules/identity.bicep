// The one identity the site runs as: it pulls the image, reads Key Vault secrets, writes blobs, and is the bot's
// app registration (Azure Bot Service with a user-assigned managed identity is single-tenant).

param location string
param namePrefix string
param suffix string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${namePrefix}-${suffix}'
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
output tenantId string = identity.properties.tenantId
