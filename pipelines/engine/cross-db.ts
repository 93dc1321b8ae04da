/**
 * dbt's cross-database macros (`dbt.date_trunc`, `dbt.dateadd`, … — dbt-core's
 * `macros/utils/`), with the SQL dbt-duckdb compiles them to. Arguments are SQL
 * expressions, as in dbt: `dbt.dateadd('day', 1, 'order_date')`.
 */
import { relationArg } from "./relation.js";

type Fn = (...args: unknown[]) => string;

/** Binds minijinja's call (positional values, then a Map of keyword arguments) to named parameters. */
function bind(names: readonly string[], args: unknown[], defaults: Record<string, unknown> = {}): Record<string, string> {
  const kw = args.length && args[args.length - 1] instanceof Map ? (args.pop() as Map<string, unknown>) : new Map<string, unknown>();
  const out: Record<string, string> = {};
  names.forEach((n, i) => {
    const v = i < args.length ? args[i] : kw.has(n) ? kw.get(n) : defaults[n];
    out[n] = v === undefined || v === null ? "" : Array.isArray(v) ? v.map(relationArg).join("\u0000") : relationArg(v);
  });
  return out;
}

const fn = (names: readonly string[], sql: (a: Record<string, string>) => string, defaults: Record<string, unknown> = {}): Fn => (...args) => sql(bind(names, [...args], defaults));

export const CROSS_DB_MACROS: Record<string, Fn> = {
  date_trunc: fn(["datepart", "date"], (a) => `date_trunc('${a.datepart}', ${a.date})`),
  dateadd: fn(["datepart", "interval", "from_date_or_timestamp"], (a) => `${a.from_date_or_timestamp} + ((interval '1 ${a.datepart}') * (${a.interval}))`),
  datediff: fn(["first_date", "second_date", "datepart"], (a) => `date_diff('${a.datepart}', ${a.first_date}::timestamp, ${a.second_date}::timestamp)`),
  last_day: fn(["date", "datepart"], (a) => `cast(date_trunc('${a.datepart}', ${a.date}) + interval 1 ${a.datepart} - interval 1 day as date)`),
  concat: fn(["fields"], (a) => `concat(${a.fields.split("\u0000").join(", ")})`),
  safe_cast: fn(["field", "type"], (a) => `try_cast(${a.field} as ${a.type})`),
  cast_bool_to_text: fn(["field"], (a) => `cast(${a.field} as varchar)`),
  hash: fn(["field"], (a) => `md5(cast(${a.field} as varchar))`),
  any_value: fn(["expression"], (a) => `any_value(${a.expression})`),
  bool_or: fn(["expression"], (a) => `bool_or(${a.expression})`),
  listagg: fn(["measure", "delimiter_text", "order_by_clause", "limit_num"], (a) => {
    if (a.limit_num) return `list_aggr((array_agg(${a.measure} ${a.order_by_clause}))[1:${a.limit_num}], 'string_agg', ${a.delimiter_text})`;
    return `string_agg(${a.measure}, ${a.delimiter_text} ${a.order_by_clause})`;
  }, { delimiter_text: "','" }),
  split_part: fn(["string_text", "delimiter_text", "part_number"], (a) => `string_split(${a.string_text}, ${a.delimiter_text})[${a.part_number}]`),
  replace: fn(["field", "old_chars", "new_chars"], (a) => `replace(${a.field}, ${a.old_chars}, ${a.new_chars})`),
  length: fn(["expression"], (a) => `length(${a.expression})`),
  position: fn(["substring_text", "string_text"], (a) => `position(${a.substring_text} in ${a.string_text})`),
  right: fn(["string_text", "length_expression"], (a) => `right(${a.string_text}, ${a.length_expression})`),
  escape_single_quotes: fn(["expression"], (a) => a.expression.replace(/'/g, "''")),
  string_literal: fn(["value"], (a) => `'${a.value}'`),
  current_timestamp: fn([], () => "now()"),
  except: fn([], () => "except"),
  intersect: fn([], () => "intersect"),
  type_string: fn([], () => "VARCHAR"),
  type_timestamp: fn([], () => "TIMESTAMP"),
  type_float: fn([], () => "FLOAT"),
  type_numeric: fn([], () => "NUMERIC(28,6)"),
  type_bigint: fn([], () => "BIGINT"),
  type_int: fn([], () => "INTEGER"),
  type_boolean: fn([], () => "BOOLEAN"),
};
