// Optional Azure OpenAI resource with one chat model deployment for generative answers. The assistant's Azure
// OpenAI connector authenticates with a key (Assistant:Chat:ApiKey), so the key goes to Key Vault.

param location string
param namePrefix string
param suffix string
param tags object
param vaultName string

param modelName string
param modelVersion string
param deploymentSku string

@description('Capacity of the deployment, in thousands of tokens per minute.')
param capacity int

resource account 'Microsoft.CognitiveServices/accounts@2025-06-01' = {
  name: 'oai-${namePrefix}-${suffix}'
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: 'oai-${namePrefix}-${suffix}'
    publicNetworkAccess: 'Enabled'
  }
}

resource deployment 'Microsoft.CognitiveServices/accounts/deployments@2025-06-01' = {
  parent: account
  name: modelName
  sku: {
    name: deploymentSku
    capacity: capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: modelName
      version: modelVersion
    }
  }
}

module apiKey 'secret.bicep' = {
  name: 'secret-assistant-chat-api-key'
  params: {
    vaultName: vaultName
    name: 'assistant-chat-api-key'
    value: account.listKeys().key1
  }
}

output endpoint string = account.properties.endpoint
output deploymentName string = deployment.name
output apiKeyReference string = apiKey.outputs.reference
