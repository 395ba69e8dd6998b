// Holds the site's container image; the site pulls it with its managed identity (no admin user).

param location string
@description('uniqueString() of the resource group: 13 lower-case characters.')
@minLength(13)
@maxLength(13)
param suffix string
param tags object
param pullerPrincipalId string

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' = {
  name: take('cr${suffix}', 50)
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
  }
}

var acrPull = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')

resource puller 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, pullerPrincipalId, acrPull)
  scope: registry
  properties: {
    principalId: pullerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: acrPull
  }
}

output name string = registry.name
output loginServer string = registry.properties.loginServer
