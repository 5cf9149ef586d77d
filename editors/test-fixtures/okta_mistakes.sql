-- An Okta External OAuth integration with three mistakes that secint reports:
-- a parameter that only applies to custom authorization servers (not-applicable),
-- a misspelled parameter (unknown-parameter) and a value left as a placeholder (placeholder).
CREATE SECURITY INTEGRATION okta_oauth
  TYPE = EXTERNAL_OAUTH
  ENABLED = TRUE
  EXTERNAL_OAUTH_TYPE = OKTA
  EXTERNAL_OAUTH_ISSUER = 'https://example.okta.com/oauth2/default'
  EXTERNAL_OAUTH_JWS_KEYS_URL = 'https://example.okta.com/oauth2/default/v1/keys'
  EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub'
  EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME'
  EXTERNAL_OAUTH_SCOPE_DELIMITER = ','
  EXTERNAL_OAUTH_AUDIENCE_LIST = ('<OKTA_AUDIENCE>')
  EXTERNAL_OAUTH_ANY_ROLE_MOD = 'ENABLE';
