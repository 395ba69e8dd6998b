// Parameters for a small production deployment. No secret is written here: the PostgreSQL password is read from
// the environment of the person deploying (see README.md), and everything else secret is created in Key Vault.
using 'main.bicep'

param namePrefix = 'coop'
param appServiceSku = 'B1'
param instanceCount = 1
param image = 'cooperation-hub:latest'
param seedDemo = false
param administratorEmail = readEnvironmentVariable('COOPERATION_ADMIN_EMAIL', '')
param administratorPassword = readEnvironmentVariable('COOPERATION_ADMIN_PASSWORD', '')
param postgresAdministratorPassword = readEnvironmentVariable('COOPERATION_POSTGRES_PASSWORD')
param postgresSkuName = 'Standard_B1ms'
param postgresSkuTier = 'Burstable'
param redisSku = 'Balanced_B0'
param deployBot = true
param deployOpenAI = false
param otlpEndpoint = ''
