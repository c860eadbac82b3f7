-- In-flight groups of one worker. The exchange column holds the group as UTF-8 JSON; join_deadline (zero-padded
-- epoch millis) and join_missing (comma-separated topics) let the deadline check find expired groups without
-- reading them; version settles races between writers.
CREATE TABLE IF NOT EXISTS ${table} (
    id VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange LONGBLOB NOT NULL,
    version BIGINT NOT NULL,
    join_deadline VARCHAR(20),
    join_missing VARCHAR(4000),
    INDEX ${table}_deadline (join_deadline)
);
-- Ids whose group completed, kept until no repeat of their parts can come (remember_until: zero-padded epoch
-- millis, data time): a repeat is dropped instead of starting a group that would only expire.
CREATE TABLE IF NOT EXISTS ${table}_done (
    id VARCHAR(255) NOT NULL PRIMARY KEY,
    remember_until VARCHAR(20) NOT NULL,
    INDEX ${table}_done_until (remember_until)
);
