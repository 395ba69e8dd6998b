// Cooperation Hub on Azure, in one resource group: the site's container on App Service (Linux), PostgreSQL flexible
// server, Blob Storage for document content, Azure Managed Redis as the SignalR backplane, Azure Bot Service for
// Teams, Key Vault for every secret, Application Insights, and optionally Azure OpenAI for generative answers.
// See README.md beside this file for how to deploy it and what it costs.

targetScope = 'resourceGroup'

@description('Region for every regional resource.')
param location string = resourceGroup().location

@description('Short lower-case prefix in resource names.')
@minLength(2)
@maxLength(8)
param namePrefix string = 'coop'

@description('Tags put on every resource.')
param tags object = {
  application: 'cooperation-hub'
}

// Site

@description('App Service plan SKU for the site.')
@allowed([
  'B1'
  'B2'
  'B3'
  'P0v3'
  'P1v3'
  'P2v3'
])
param appServiceSku string = 'B1'

@description('How many instances run the site (every instance shares the database, the blobs and Redis).')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

@description('Repository and tag of the site image in the registry this template creates (push it with az acr build).')
param image string = 'cooperation-hub:latest'

@description('Add the demo offices and the public rules library on first start.')
param seedDemo bool = false

@description('Email of the first administrator. Empty: admin@cooperation.local with a generated password written to the log stream once.')
param administratorEmail string = ''

@description('Password of the first administrator; stored in Key Vault. Pass it on the command line, never in a parameters file.')
@secure()
param administratorPassword string = ''

@description('OTLP endpoint (e.g. an OpenTelemetry collector) to export traces, metrics and logs to, besides Application Insights. Empty: none.')
param otlpEndpoint string = ''

// Database

@description('PostgreSQL administrator login used by the site.')
param postgresAdministratorLogin string = 'cooperation'

@description('PostgreSQL administrator password; stored in Key Vault. Pass it on the command line (or read it back from the vault on later deployments).')
@secure()
@minLength(16)
param postgresAdministratorPassword string

@description('PostgreSQL compute size; Standard_B1ms (Burstable) is the smallest.')
param postgresSkuName string = 'Standard_B1ms'

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'Burstable'

@minValue(32)
param postgresStorageSizeGB int = 32

@allowed([
  '15'
  '16'
  '17'
])
param postgresVersion string = '16'

// Backplane

@description('Azure Managed Redis SKU for the SignalR backplane.')
param redisSku string = 'Balanced_B0'

// Teams

@description('Create the Azure Bot Service registration with its Teams channel.')
param deployBot bool = true

@description('Name people see for the bot in Teams.')
param botDisplayName string = 'Cooperation Hub'

@allowed([
  'F0'
  'S1'
])
@description('F0 is free for Teams, which is a standard channel.')
param botSku string = 'F0'

// Generative answers

@description('Create an Azure OpenAI resource and deployment for generative answers (the extractive assistant works without it).')
param deployOpenAI bool = false

param openAIModelName string = 'gpt-4o-mini'
param openAIModelVersion string = '2024-07-18'

@allowed([
  'Standard'
  'GlobalStandard'
])
param openAIDeploymentSku string = 'GlobalStandard'

@description('Thousands of tokens per minute for the deployment.')
@minValue(1)
param openAICapacity int = 10

var suffix = uniqueString(resourceGroup().id)

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    namePrefix: namePrefix
    suffix: suffix
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    namePrefix: namePrefix
    suffix: suffix
    tags: tags
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    namePrefix: namePrefix
    suffix: suffix
    tags: tags
    readerPrincipalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    suffix: suffix
    tags: tags
    writerPrincipalId: identity.outputs.principalId
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    location: location
    suffix: suffix
    tags: tags
    pullerPrincipalId: identity.outputs.principalId
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    location: location
    namePrefix: namePrefix
    suffix: suffix
    tags: tags
    vaultName: vault.outputs.name
    administratorLogin: postgresAdministratorLogin
    administratorPassword: postgresAdministratorPassword
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresStorageSizeGB
    version: postgresVersion
  }
}

module redis 'modules/redis.bicep' = {
  name: 'redis'
  params: {
    location: location
    namePrefix: namePrefix
    suffix: suffix
    tags: tags
    vaultName: vault.outputs.name
    skuName: redisSku
  }
}

module openAI 'modules/openai.bicep' = if (deployOpenAI) {
  name: 'openai'
  params: {
    location: location
    namePrefix: namePrefix
    suffix: suffix
    tags: tags
    vaultName: vault.outputs.name
    modelName: openAIModelName
    modelVersion: openAIModelVersion
    deploymentSku: openAIDeploymentSku
    capacity: openAICapacity
  }
}

module administratorPasswordSecret 'modules/secret.bicep' = if (!empty(administratorPassword)) {
  name: 'secret-administrator-password'
  params: {
    vaultName: vault.outputs.name
    name: 'administrator-password'
    value: administratorPassword
  }
}

// The configuration keys the site reads (see the main README); secrets only as Key Vault references.
var coreSettings = {
  Cooperation__DataPath: '/home/app/data'
  Cooperation__Seed__Demo: string(seedDemo)
  Database__Provider: 'Postgres'
  Database__ConnectionString: postgres.outputs.connectionStringReference
  DocumentStorage__Provider: 'AzureBlob'
  DocumentStorage__AccountUri: storage.outputs.blobEndpoint
  DocumentStorage__Container: storage.outputs.containerName
  // DefaultAzureCredential picks the user-assigned identity by this client id.
  AZURE_CLIENT_ID: identity.outputs.clientId
  SignalR__Redis: redis.outputs.connectionStringReference
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString
  OTEL_SERVICE_NAME: 'cooperation-hub'
}

var administratorSettings = union(
  empty(administratorEmail) ? {} : { Cooperation__Admin__Email: administratorEmail },
  empty(administratorPassword) ? {} : { Cooperation__Admin__Password: administratorPasswordSecret.?outputs.reference ?? '' }
)

var botSettings = deployBot
  ? {
      Bot__AppId: identity.outputs.clientId
      Bot__TenantId: identity.outputs.tenantId
      Bot__ManagedIdentityClientId: identity.outputs.clientId
    }
  : {}

var assistantSettings = deployOpenAI
  ? {
      Assistant__Chat__Provider: 'AzureOpenAI'
      Assistant__Chat__Endpoint: openAI.?outputs.endpoint ?? ''
      Assistant__Chat__Model: openAI.?outputs.deploymentName ?? ''
      Assistant__Chat__ApiKey: openAI.?outputs.apiKeyReference ?? ''
    }
  : {}

var otlpSettings = empty(otlpEndpoint) ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint }

module web 'modules/web.bicep' = {
  name: 'web'
  params: {
    location: location
    namePrefix: namePrefix
    suffix: suffix
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    skuName: appServiceSku
    instanceCount: instanceCount
    registryLoginServer: registry.outputs.loginServer
    image: image
    appSettings: union(coreSettings, administratorSettings, botSettings, assistantSettings, otlpSettings)
  }
}

module bot 'modules/bot.bicep' = if (deployBot) {
  name: 'bot'
  params: {
    namePrefix: namePrefix
    suffix: suffix
    tags: tags
    displayName: botDisplayName
    messagingEndpoint: web.outputs.messagingEndpoint
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    tenantId: identity.outputs.tenantId
    sku: botSku
  }
}

output siteUrl string = web.outputs.publicBaseUrl
output siteName string = web.outputs.name
output registryName string = registry.outputs.name
output registryLoginServer string = registry.outputs.loginServer
output keyVaultName string = vault.outputs.name
output postgresServer string = postgres.outputs.fullyQualifiedDomainName
output botMessagingEndpoint string = web.outputs.messagingEndpoint
output botAppId string = deployBot ? identity.outputs.clientId : ''
output applicationInsightsName string = monitoring.outputs.applicationInsightsName
