// tree-sitter-sequel extended with Snowflake integration statements and `//` comments.
// Regenerate with grammar/regenerate.sh; the base grammar path comes from SEQUEL_GRAMMAR.
const base = require(process.env.SEQUEL_GRAMMAR);

// Keywords added here come after the base's `_identifier` in rule order; the precedence
// keeps them preferred over it, which tree-sitter needs to treat them as keywords.
const kw = (word) => token(prec(1, new RegExp(
  word.split('').map((c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).join(''),
)));

module.exports = grammar(base, {
  name: 'secint_sql',

  rules: {
    // Snowflake also accepts `//` line comments.
    comment: _ => token(choice(/--.*/, /\/\/.*/)),

    _ddl_statement: ($, original) => choice(
      original,
      $.create_integration,
      $.alter_integration,
      $.drop_integration,
      $.describe_integration,
      $.show_integrations,
      $.grant_on_integration,
    ),

    keyword_integration: _ => kw('integration'),
    keyword_integrations: _ => kw('integrations'),
    keyword_api: _ => kw('api'),
    keyword_notification: _ => kw('notification'),
    keyword_access: _ => kw('access'),
    keyword_catalog: _ => kw('catalog'),
    keyword_unset: _ => kw('unset'),
    keyword_refresh: _ => kw('refresh'),
    keyword_tag: _ => kw('tag'),
    keyword_describe: _ => kw('describe'),
    keyword_grant: _ => kw('grant'),
    keyword_revoke: _ => kw('revoke'),

    integration_kind: $ => choice(
      $.keyword_security,
      $.keyword_storage,
      $.keyword_api,
      $.keyword_notification,
      $.keyword_catalog,
      seq($.keyword_external, $.keyword_access),
    ),

    or_replace: $ => seq($.keyword_or, $.keyword_replace),
    if_not_exists: $ => seq($.keyword_if, $.keyword_not, $.keyword_exists),
    if_exists: $ => seq($.keyword_if, $.keyword_exists),

    // `<name>` left in a statement copied from a guide.
    placeholder: _ => token(prec(1, /<[^<>\s'";=(),][^<>\n'";=(),]*>/)),

    integration_name: $ => choice(
      alias($._identifier, $.identifier),
      alias($._double_quote_string, $.quoted_identifier),
      $.placeholder,
    ),

    create_integration: $ => seq(
      $.keyword_create,
      optional($.or_replace),
      optional(field('kind', $.integration_kind)),
      $.keyword_integration,
      optional($.if_not_exists),
      field('name', $.integration_name),
      repeat(choice(field('parameter', $.integration_parameter), ',')),
    ),

    alter_integration: $ => seq(
      $.keyword_alter,
      optional(field('kind', $.integration_kind)),
      $.keyword_integration,
      optional($.if_exists),
      field('name', $.integration_name),
      optional(field('action', choice($.set_clause, $.unset_clause, $.refresh_clause))),
    ),

    set_clause: $ => seq(
      $.keyword_set,
      choice(
        seq($.keyword_tag, $.tag_assignment, repeat(seq(',', $.tag_assignment))),
        repeat1(choice(field('parameter', $.integration_parameter), ',')),
      ),
    ),

    tag_assignment: $ => seq(field('tag', $.object_reference), '=', field('value', $.string)),

    unset_clause: $ => seq(
      $.keyword_unset,
      choice(
        seq($.keyword_tag, $.object_reference, repeat(seq(',', $.object_reference))),
        seq(field('parameter', $.parameter_name), repeat(seq(',', field('parameter', $.parameter_name)))),
      ),
    ),

    refresh_clause: $ => seq($.keyword_refresh, field('parameter', $.parameter_name)),

    drop_integration: $ => seq(
      $.keyword_drop,
      optional(field('kind', $.integration_kind)),
      $.keyword_integration,
      optional($.if_exists),
      field('name', $.integration_name),
    ),

    describe_integration: $ => seq(
      choice($.keyword_desc, $.keyword_describe),
      optional(field('kind', $.integration_kind)),
      $.keyword_integration,
      field('name', $.integration_name),
    ),

    show_integrations: $ => seq(
      $.keyword_show,
      optional(field('kind', $.integration_kind)),
      $.keyword_integrations,
      optional(seq($.keyword_like, field('pattern', $.string))),
    ),

    grant_on_integration: $ => seq(
      choice($.keyword_grant, $.keyword_revoke),
      field('privilege', $.identifier),
      repeat(seq(',', field('privilege', $.identifier))),
      $.keyword_on,
      $.keyword_integration,
      field('name', $.integration_name),
      choice($.keyword_to, $.keyword_from),
      optional($.keyword_role),
      field('grantee', $.identifier),
    ),

    integration_parameter: $ => seq(
      field('name', $.parameter_name),
      '=',
      field('value', $._parameter_value),
    ),

    parameter_name: $ => $._identifier,

    _parameter_value: $ => choice(
      $.string,
      $.number,
      $.identifier,
      $.placeholder,
      $.value_list,
    ),

    value_list: $ => seq(
      '(',
      optional(seq(
        field('item', $._list_item),
        repeat(seq(',', field('item', $._list_item))),
        optional(','),
      )),
      ')',
    ),

    _list_item: $ => choice($.string, $.number, $.identifier, $.placeholder),

    string: $ => $._single_quote_string,

    number: $ => choice($._integer, $._decimal_number),
  },
});
