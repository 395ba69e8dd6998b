// Azure Bot Service for Microsoft Teams: single-tenant, its app identity is the site's user-assigned managed
// identity (no client secret anywhere), messages go to the site's /api/messages.

param namePrefix string
param suffix string
param tags object

param displayName string
param messagingEndpoint string
param identityId string
param identityClientId string
param tenantId string

@allowed([
  'F0'
  'S1'
])
param sku string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: 'bot-${namePrefix}-${suffix}'
  // Bot Service registrations are global; the site itself runs in the resource group's region.
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: messagingEndpoint
    msaAppType: 'UserAssignedMSI'
    msaAppId: identityClientId
    msaAppTenantId: tenantId
    msaAppMSIResourceId: identityId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output name string = bot.name
