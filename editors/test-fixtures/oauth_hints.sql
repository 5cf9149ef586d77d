-- A custom Snowflake OAuth client: hints show the refresh validity in days and the defaults left out.
CREATE SECURITY INTEGRATION app_oauth
  TYPE = OAUTH
  ENABLED = TRUE
  OAUTH_CLIENT = CUSTOM
  OAUTH_CLIENT_TYPE = 'CONFIDENTIAL'
  OAUTH_REDIRECT_URI = 'https://app.example.com/callback'
  OAUTH_REFRESH_TOKEN_VALIDITY = 86400;
