-- In-flight groups of one worker (Camel's JdbcAggregationRepository layout). The exchange column holds UTF-8 JSON;
-- join_deadline (zero-padded epoch millis) and join_missing (comma-separated topics) let the deadline check
-- find expired groups without reading them.
CREATE TABLE IF NOT EXISTS ${table} (
    id VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange BLOB NOT NULL,
    version BIGINT NOT NULL,
    join_deadline VARCHAR(20),
    join_missing VARCHAR(4000)
);
-- Completed groups whose results are not yet confirmed as sent: re-sent after a crash.
CREATE TABLE IF NOT EXISTS ${table}_completed (
    id VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange BLOB NOT NULL,
    version BIGINT NOT NULL,
    join_deadline VARCHAR(20),
    join_missing VARCHAR(4000)
);
