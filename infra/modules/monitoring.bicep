// Application Insights on a Log Analytics workspace: the app sends traces, metrics and logs to it through
// OpenTelemetry (Azure Monitor exporter) when APPLICATIONINSIGHTS_CONNECTION_STRING is set.

param location string
param namePrefix string
param suffix string
param tags object

@description('Days the workspace keeps data; 30 is the free retention of the pay-as-you-go tier.')
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: 'log-${namePrefix}-${suffix}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${namePrefix}-${suffix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

// The connection string identifies where to send telemetry; it is not a credential (ingestion is write-only).
output applicationInsightsConnectionString string = insights.properties.ConnectionString
output applicationInsightsName string = insights.name
