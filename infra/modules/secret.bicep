// One Key Vault secret. Returns only its URI (for a Key Vault reference), never the value.

param vaultName string
param name string

@secure()
param value string

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: vaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: name
  properties: {
    value: value
    contentType: 'text/plain'
  }
}

output uri string = secret.properties.secretUri
output reference string = '@Microsoft.KeyVault(SecretUri=${secret.properties.secretUri})'
