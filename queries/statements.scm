; The statements secint analyses. Each capture name is the statement's verb.
(create_integration) @create
(alter_integration) @alter
(drop_integration) @drop
(describe_integration) @describe
(show_integrations) @show
(grant_on_integration) @grant
