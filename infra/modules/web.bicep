// App Service (Linux) running the site's container image, as the user-assigned identity. Each instance keeps its
// search index on its own disk (rebuilt from the database at start); everything shared lives in PostgreSQL,
// Blob Storage and Redis, so the plan can run several instances.

param location string
param namePrefix string
param suffix string
param tags object

param identityId string
param identityClientId string

@description('App Service plan SKU (B1 is the smallest that runs containers with Always On).')
param skuName string

@minValue(1)
@maxValue(10)
param instanceCount int

param registryLoginServer string

@description('Repository and tag in the registry, e.g. cooperation-hub:1.0.0.')
param image string

@description('Settings other than the site address; values may be Key Vault references.')
param appSettings object

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: 'asp-${namePrefix}-${suffix}'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: skuName
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: 'app-${namePrefix}-${suffix}'
  location: location
  tags: tags
  kind: 'app,linux,container'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // SignalR's negotiate and connect requests must reach the same instance.
    clientAffinityEnabled: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: 'DOCKER|${registryLoginServer}/${image}'
      acrUseManagedIdentityCreds: true
      acrUserManagedIdentityID: identityClientId
      alwaysOn: true
      healthCheckPath: '/readyz'
      http20Enabled: true
      webSocketsEnabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
}

var publicBaseUrl = 'https://${site.properties.defaultHostName}'

resource settings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, {
    Cooperation__PublicBaseUrl: publicBaseUrl
    // The image listens on 8080; App Service terminates TLS in front of it.
    WEBSITES_PORT: '8080'
    Urls: 'http://+:8080'
    ASPNETCORE_FORWARDEDHEADERS_ENABLED: 'true'
    // /home would be shared by every instance; the data folder must stay local (the search index is per instance).
    WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'false'
  })
}

output name string = site.name
output publicBaseUrl string = publicBaseUrl
output messagingEndpoint string = '${publicBaseUrl}/api/messages'
