/* The SQL that creates a run database (schema version SS_SCHEMA_VERSION, docs/schema.md). */
#ifndef SS_RECORD_SCHEMA_H
#define SS_RECORD_SCHEMA_H

extern const char ss__record_schema_sql[];
/* The keys and indexes of the large tables, created when the run finishes. */
extern const char ss__record_index_sql[];

#endif
