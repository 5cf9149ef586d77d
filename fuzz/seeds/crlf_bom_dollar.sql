-- CRLF line ends, a BOM and text the fixtures lack.
CREATE SECURITY INTEGRATION crlf_oauth
  TYPE = OAUTH
  OAUTH_CLIENT = CUSTOM
  OAUTH_CLIENT_TYPE = 'CONFIDENTIAL'
  OAUTH_REDIRECT_URI = 'https://app.example.com/cb?x=1'
  COMMENT = $$dollar 'quoted' text$$;
ALTER SECURITY INTEGRATION crlf_oauth SET OAUTH_REDIRECT_URI = $tag$never closed;
