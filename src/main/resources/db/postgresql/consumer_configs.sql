-- The worker configuration table of the original project (one row per worker).
CREATE TABLE IF NOT EXISTS ${table} (
    id SERIAL PRIMARY KEY,
    consumer_name VARCHAR(255) NOT NULL UNIQUE,
    topics_input VARCHAR(2000) NOT NULL,
    topics_output VARCHAR(2000) NOT NULL,
    metadatas TEXT,
    kafka_bootstrap_server VARCHAR(1000) NOT NULL,
    timeout INT NOT NULL
);
