{{ config(materialized="table") }}
-- Every value of every file with its place in the order of evidence (migration
-- 0004_vintages: is_current, edition_rank, is_conflict), computed once per build:
-- the observations view ranks all values with a window, and four models read it.
select * from {{ source('warehouse', 'observations') }}
