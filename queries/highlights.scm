; Semantic tokens inside integration statements; SQL highlighters do not know these words.
(integration_parameter name: (parameter_name) @property)
(unset_clause parameter: (parameter_name) @property)
(refresh_clause parameter: (parameter_name) @property)
(integration_name) @variable
(integration_parameter value: (identifier) @enumMember)
(integration_parameter value: (string) @string)
(integration_parameter value: (number) @number)
(value_list item: (string) @string)
(value_list item: (number) @number)
(value_list item: (identifier) @enumMember)
(placeholder) @macro
(integration_kind) @keyword
(keyword_integration) @keyword
(keyword_integrations) @keyword
(keyword_unset) @keyword
(keyword_refresh) @keyword
(keyword_tag) @keyword
