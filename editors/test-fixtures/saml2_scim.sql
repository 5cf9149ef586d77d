-- A SAML2 integration with the provider value Microsoft's old tutorial used, and a SCIM one.
CREATE SECURITY INTEGRATION entra_sso
  TYPE = SAML2
  SAML2_ISSUER = 'https://sts.windows.net/a1b2c3d4/'
  SAML2_SSO_URL = 'https://login.microsoftonline.com/a1b2c3d4/saml2'
  SAML2_PROVIDER = 'AzureAD'
  SAML2_X509_CERT = 'MIIC8DCCAdigAwIBAgIQSxJ1pZ0b1ZBTq5n0tn3x5D';

CREATE SECURITY INTEGRATION okta_provisioning
  TYPE = SCIM
  SCIM_CLIENT = 'OKTA'
  RUN_AS_ROLE = 'OKTA_PROVISIONER';
