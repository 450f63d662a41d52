#!/usr/bin/env python3
"""Makes the Parquet files that OwnDataRobustnessTest uploads, written by DuckDB as a warehouse export would be.

Writes, under activities/src/test/resources/sources/ (committed; CI never runs this script):

  types-zstd.parquet     5,000 rows in row groups of 2,048, zstd: INT32, INT64, FLOAT, DOUBLE, BOOLEAN, a dictionary-encoded
                         string, a nullable DOUBLE (every 5th row null), a DECIMAL(10,2) stored as INT64 (unscaled),
                         a DECIMAL(30,4) stored as FIXED_LEN_BYTE_ARRAY, and the label (string)
  types-snappy.parquet   the first 500 rows in one row group, snappy
  dated.parquet          (the first 150 rows) an id, a DATE, a TIMESTAMP (microseconds), a DOUBLE feature and a DECIMAL(10,2) target

Usage: ~/.cache/pretrain/duckdb-venv/bin/python scripts/make-source-fixtures.py
"""
import pathlib

import duckdb

OUT = pathlib.Path(__file__).resolve().parent.parent / "activities/src/test/resources/sources"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("""
      create table t as select
        i::INTEGER as i32, (i * 1000000000)::BIGINT as i64, (i / 8)::FLOAT as f32, (i / 4)::DOUBLE as f64,
        (i % 2 = 0) as flag, (['red', 'green', 'blue'])[1 + i % 3] as colour,
        case when i % 5 = 0 then null else i::DOUBLE end as nullable,
        (i::DECIMAL(10, 2) + 0.25)::DECIMAL(10, 2) as price, (i::DECIMAL(30, 4) + 0.5)::DECIMAL(30, 4) as amount,
        case when i % 3 = 0 then 'yes' else 'no' end as label,
        'row-' || i as id, DATE '2020-01-01' + i::INTEGER as day,
        TIMESTAMP '2020-01-01 00:00:00' + to_seconds(i * 3600) as seen
      from range(0, 5000) r(i)
    """)
    columns = "i32, i64, f32, f64, flag, colour, nullable, price, amount, label"
    con.execute(f"copy (select {columns} from t order by i32) to '{OUT}/types-zstd.parquet' "
                "(format parquet, compression zstd, row_group_size 2048)")
    con.execute(f"copy (select {columns} from t where i32 < 500 order by i32) to '{OUT}/types-snappy.parquet' "
                "(format parquet, compression snappy)")
    con.execute(f"copy (select id, day, seen, f64, price from t where i32 < 150 order by i32) to '{OUT}/dated.parquet' (format parquet)")
    for row in con.execute(f"select file_name, name, type, converted_type from parquet_schema('{OUT}/*.parquet')"
                           " where converted_type is not null").fetchall():
        print(*row)


if __name__ == "__main__":
    main()
