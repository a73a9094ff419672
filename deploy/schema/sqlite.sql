-- Nguon: Orleans ADO.NET schema for SQLite (grain persistence only; Orleans has no SQLite
-- clustering or reminder scripts). Provider Invariant: "System.Data.SQLite" (driver: Microsoft.Data.Sqlite).
--
-- Derived from the dotnet/orleans scripts under src/AdoNet (MIT License,
-- Copyright (c) .NET Foundation and Contributors), commit e558829b0b0f696e98c222438106e643fb53928f
-- (main, 2026-08-22, v10.2.2+318; the mirror has no v10.3/v10.4 tags. Its query keys match
-- those the 10.4.2 NuGet assemblies require; v10.2.2 lacks CleanupDefunctSiloEntriesKey):
--   Shared/Sqlite-Main.sql, Orleans.Persistence.AdoNet/Sqlite-Persistence.sql
--
-- Made re-runnable; tables, columns and query texts are unchanged:
--   CREATE TABLE/INDEX -> ... IF NOT EXISTS,
--   INSERT INTO OrleansQuery ... ON CONFLICT (QueryKey) DO UPDATE (needs SQLite >= 3.24).
-- Additions: WAL journal mode (persistent in the database file), and one IMMEDIATE
-- transaction around the rest so concurrent runs serialise; a DeleteStorageKey query (Orleans ships none for
-- SQLite; DeleteStateOnClear needs it); Nguon's nguon_store_format table and an index for deleting expired
-- idempotency records (at the end).
-- Apply with: sqlite3 -bail FILE < sqlite.sql

PRAGMA journal_mode = WAL;

BEGIN IMMEDIATE;

-- ============================================================================
-- Shared/Sqlite-Main.sql (0 OrleansQuery rows)
-- ============================================================================

/*
Implementation notes:

1) The general idea is that data is read and written through Orleans specific queries.
   Orleans operates on column names and types when reading and on parameter names and types when writing.

2) The implementations *must* preserve input and output names and types. Orleans uses these parameters to reads query results by name and type.
   Vendor and deployment specific tuning is allowed and contributions are encouraged as long as the interface contract
   is maintained.

3) The implementation across vendor specific scripts *should* preserve the constraint names. This simplifies troubleshooting
   by virtue of uniform naming across concrete implementations.

5) ETag for Orleans is an opaque column that represents a unique version. The type of its actual implementation
   is not important as long as it represents a unique version. In this implementation we use integers for versioning

6) For the sake of being explicit and removing ambiguity, Orleans expects some queries to return either TRUE as >0 value

   or FALSE as =0 value. That is, affected rows or such does not matter. If an error is raised or an exception is thrown
   the query *must* ensure the entire transaction is rolled back and may either return FALSE or propagate the exception.
   Orleans handles exception as a failure and will retry.

7) The implementation follows the Extended Orleans membership protocol. For more information, see at:
        https://learn.microsoft.com/dotnet/orleans/implementation/cluster-management
        https://github.com/dotnet/orleans/blob/main/src/Orleans.Core/SystemTargetInterfaces/IMembershipTable.cs
*/

-- These settings improves throughput of the database by reducing locking by better separating readers from writers.
-- SQL Server 2012 and newer can refer to itself as CURRENT. Older ones need a workaround.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- ============================================================================
-- Orleans.Persistence.AdoNet/Sqlite-Persistence.sql (3 OrleansQuery rows)
-- ============================================================================

-- The design criteria for this table are:
--
-- 1. It can contain arbitrary content serialized as binary, XML or JSON. These formats
-- are supported to allow one to take advantage of in-storage processing capabilities for
-- these types if required. This should not incur extra cost on storage.
--
-- 2. The table design should scale with the idea of tens or hundreds (or even more) types
-- of grains that may operate with even hundreds of thousands of grain IDs within each
-- type of a grain.
--
-- 3. The table and its associated operations should remain stable. There should not be
-- structural reason for unexpected delays in operations. It should be possible to also
-- insert data reasonably fast without resource contention.
--
-- 4. For reasons in 2. and 3., the index should be as narrow as possible so it fits well in
-- memory and should it require maintenance, isn't resource intensive. For this
-- reason the index is narrow by design (ideally non-clustered). Currently the entity
-- is recognized in the storage by the grain type and its ID, which are unique in Orleans silo.
-- The ID is the grain ID bytes (if string type UTF-8 bytes) and possible extension key as UTF-8
-- bytes concatenated with the ID and then hashed.
--
-- Reason for hashing: Database engines usually limit the length of the column sizes, which
-- would artificially limit the length of IDs or types. Even when within limitations, the
-- index would be thick and consume more memory.
--
-- In the current setup the ID and the type are hashed into two INT type instances, which
-- are made a compound index. When there are no collisions, the index can quickly locate
-- the unique row. Along with the hashed index values, the NVARCHAR(nnn) values are also
-- stored and they are used to prune hash collisions down to only one result row.
--
-- 5. The design leads to duplication in the storage. It is reasonable to assume there will
-- a low number of services with a given service ID operational at any given time. Or that
-- compared to the number of grain IDs, there are a fairly low number of different types of
-- grain. The catch is that were these data separated to another table, it would make INSERT
-- and UPDATE operations complicated and would require joins, temporary variables and additional
-- indexes or some combinations of them to make it work. It looks like fitting strategy
-- could be to use table compression.
--
-- 6. For the aforementioned reasons, grain state DELETE will set NULL to the data fields
-- and updates the Version number normally. This should alleviate the need for index or
-- statistics maintenance with the loss of some bytes of storage space. The table can be scrubbed
-- in a separate maintenance operation.
--
-- 7. In the storage operations queries the columns need to be in the exact same order
-- since the storage table operations support optionally streaming.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    -- These are for the book keeping. Orleans calculates
    -- these hashes (see RelationalStorageProvide implementation),
    -- which are signed 32 bit integers mapped to the *Hash fields.
    -- The mapping is done in the code. The
    -- *String columns contain the corresponding clear name fields.
    --
    -- If there are duplicates, they are resolved by using GrainIdN0,
    -- GrainIdN1, GrainIdExtensionString and GrainTypeString fields.
    -- It is assumed these would be rarely needed.
    GrainIdHash                INT NOT NULL,
    GrainIdN0                BIGINT NOT NULL,
    GrainIdN1                BIGINT NOT NULL,
    GrainTypeHash            INT NOT NULL,
    GrainTypeString            NVARCHAR(512) NOT NULL,
    GrainIdExtensionString    NVARCHAR(512) NULL,
    ServiceId                NVARCHAR(150) NOT NULL,
    -- Payload
    PayloadBinary    BLOB NULL,
    -- Informational field, no other use.
    ModifiedOn DATETIME NOT NULL,
    -- The version of the stored payload.
    Version INT NULL
    -- The following would in principle be the primary key, but it would be too thick
    -- to be indexed, so the values are hashed and only collisions will be solved
    -- by using the fields. That is, after the indexed queries have pinpointed the right
    -- rows down to [0, n] relevant ones, n being the number of collided value pairs.
);

CREATE INDEX IF NOT EXISTS IX_OrleansStorage ON OrleansStorage(GrainIdHash, GrainTypeHash);


-- Updates an existing grain state with optimistic concurrency control or inserts it if it does not exist.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES 
('WriteToStorageKey', '
    BEGIN TRANSACTION;

    CREATE TEMP TABLE IF NOT EXISTS OrleansStorageWriteState
    (
        TotalChangesBefore INT NOT NULL
    );
    DELETE FROM OrleansStorageWriteState;
    INSERT INTO OrleansStorageWriteState (TotalChangesBefore) VALUES (total_changes() + 1);

    UPDATE OrleansStorage
    SET
        PayloadBinary = @PayloadBinary,
        ModifiedOn = datetime(''now''),
        Version = Version + 1
    WHERE
        GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString
        AND (GrainIdExtensionString = @GrainIdExtensionString OR (GrainIdExtensionString IS NULL AND @GrainIdExtensionString IS NULL))
        AND ServiceId = @ServiceId
        AND Version = @GrainStateVersion;

    INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @PayloadBinary, datetime(''now''), 1
    WHERE changes() = 0
      AND @GrainStateVersion IS NULL
      AND NOT EXISTS (
        SELECT 1 FROM OrleansStorage
        WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString
        AND (GrainIdExtensionString = @GrainIdExtensionString OR (GrainIdExtensionString IS NULL AND @GrainIdExtensionString IS NULL))
        AND ServiceId = @ServiceId
    );

    SELECT Version AS NewGrainStateVersion FROM OrleansStorage
    WHERE total_changes() > (SELECT TotalChangesBefore FROM OrleansStorageWriteState LIMIT 1)
        AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString
        AND (GrainIdExtensionString = @GrainIdExtensionString OR (GrainIdExtensionString IS NULL AND @GrainIdExtensionString IS NULL))
        AND ServiceId = @ServiceId;

    SELECT @GrainStateVersion AS NewGrainStateVersion
    WHERE total_changes() = (SELECT TotalChangesBefore FROM OrleansStorageWriteState LIMIT 1)
        AND @GrainStateVersion IS NOT NULL;

    COMMIT;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Retrieves the binary payload and the current version of a specific grain state.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES 
('ReadFromStorageKey', '
    SELECT
        PayloadBinary,
        Version AS Version
    FROM
        OrleansStorage
    WHERE
        GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString
        AND (GrainIdExtensionString = @GrainIdExtensionString OR (GrainIdExtensionString IS NULL AND @GrainIdExtensionString IS NULL))
        AND ServiceId = @ServiceId
    LIMIT 1;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Clears the grain state by setting the payload to null and incrementing the version for consistency.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES 
('ClearStorageKey', '
    UPDATE OrleansStorage
    SET
        PayloadBinary = NULL,
        ModifiedOn = datetime(''now''),
        Version = Version + 1
    WHERE
        GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString
        AND (GrainIdExtensionString = @GrainIdExtensionString OR (GrainIdExtensionString IS NULL AND @GrainIdExtensionString IS NULL))
        AND ServiceId = @ServiceId
        AND Version = @GrainStateVersion;

    SELECT Version AS NewGrainStateVersion FROM OrleansStorage
    WHERE changes() > 0
        AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString
        AND (GrainIdExtensionString = @GrainIdExtensionString OR (GrainIdExtensionString IS NULL AND @GrainIdExtensionString IS NULL))
        AND ServiceId = @ServiceId;

    SELECT @GrainStateVersion AS NewGrainStateVersion
    WHERE changes() = 0
        AND @GrainStateVersion IS NOT NULL;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Deletes the grain state row (Nguon sets DeleteStateOnClear: a cleared record leaves no row behind). Not in the
-- Orleans SQLite script; written after its ClearStorageKey and PostgreSQL's DeleteStorageKey: the old version + 1 when
-- the row was deleted, no row when the version did not match.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES 
('DeleteStorageKey', '
    DELETE FROM OrleansStorage
    WHERE
        GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString
        AND (GrainIdExtensionString = @GrainIdExtensionString OR (GrainIdExtensionString IS NULL AND @GrainIdExtensionString IS NULL))
        AND ServiceId = @ServiceId
        AND Version = @GrainStateVersion;

    SELECT @GrainStateVersion + 1 AS NewGrainStateVersion WHERE changes() > 0;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- ============================================================================
-- Nguon's own: the store format this database holds (silo/Hosting/StoreFormat.cs). One row, written by the
-- first silo on an empty store; a silo refuses a store of another format instead of misreading it.
-- ============================================================================
CREATE TABLE IF NOT EXISTS nguon_store_format
(
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    version    INTEGER NOT NULL,
    written_at TEXT NOT NULL DEFAULT (datetime('now'))
);

-- Nguon's own: idempotency records expire (Nguon:Idempotency:Retention) and each silo deletes them by age
-- (silo/Hosting/IdempotencySweeper.cs); this partial index keeps that sweep from reading the whole table.
CREATE INDEX IF NOT EXISTS IX_OrleansStorage_Idempotency ON OrleansStorage (ServiceId, ModifiedOn)
    WHERE GrainIdExtensionString LIKE '~idempotency/%';

-- Nguon's own: the answers to Idempotency-Key requests (silo/Hosting/IdempotencyGrainStorage.cs), one row per key
-- of a service, written in groups; deleted when the key is used after its window and by each silo's sweep by age
-- (silo/Hosting/IdempotencySweeper.cs) through the second index.
CREATE TABLE IF NOT EXISTS nguon_idempotency
(
    service_id   TEXT NOT NULL,
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    status       INTEGER NOT NULL,
    content_type TEXT,
    location     TEXT,
    body         BLOB NOT NULL,
    answered_at  TEXT NOT NULL,
    PRIMARY KEY (service_id, key)
);
CREATE INDEX IF NOT EXISTS ix_nguon_idempotency_answered ON nguon_idempotency (service_id, answered_at);

-- ============================================================================
-- Nguon's own: the read model (silo/ReadModel). Lists, search and date-range exports read these tables; the grains
-- stay the source of truth. Rows are written after each grain write (ReadModelGrainStorage), version-guarded by the
-- grain row's version, and a sweep re-projects any grain row newer than its projection (ReadModelSweeper).
-- Times are UTC; an event's own offset is kept beside its time. One service's rows per service_id.
-- ============================================================================
-- The read model's tables are of this version (silo/Hosting/ReadModelSchema.cs): tables of another are dropped
-- before this script runs and the sweep writes them again from the grains.
CREATE TABLE IF NOT EXISTS rm_schema
(
    id      INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
);
-- The read model's sweep finds grain rows by their stored key (silo/ReadModel/ReadModelRepair.cs).
CREATE INDEX IF NOT EXISTS IX_OrleansStorage_Key ON OrleansStorage (ServiceId, GrainIdExtensionString);

CREATE TABLE IF NOT EXISTS rm_batches
(
    service_id          TEXT NOT NULL,
    code                TEXT NOT NULL,
    gtin                TEXT,
    lot                 TEXT,
    product             TEXT NOT NULL,
    variety             TEXT,
    quantity            TEXT NOT NULL,
    unit                TEXT NOT NULL,
    remaining           TEXT NOT NULL,
    gi_claim            TEXT,
    origin_kind         TEXT NOT NULL,
    farm                TEXT,
    season              TEXT,
    custodian           TEXT NOT NULL,
    first_custodian     TEXT,
    destination         TEXT,
    destination_country TEXT,
    status              TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    created_offset      INTEGER NOT NULL DEFAULT 0,
    last_event_at       TEXT NOT NULL,
    last_event_offset   INTEGER NOT NULL DEFAULT 0,
    event_count         INTEGER NOT NULL,
    head_hash           TEXT NOT NULL,
    version             INTEGER NOT NULL,
    projected_at        TEXT NOT NULL,
    PRIMARY KEY (service_id, code)
);
CREATE INDEX IF NOT EXISTS ix_rm_batches_gi ON rm_batches (service_id, gi_claim, code);
-- A GI's lots of one season and status (the inspectors' usual search), read in key order without filtering.
CREATE INDEX IF NOT EXISTS ix_rm_batches_gi_season ON rm_batches (service_id, gi_claim, season, status, code);
CREATE INDEX IF NOT EXISTS ix_rm_batches_custodian ON rm_batches (service_id, custodian, code);
CREATE INDEX IF NOT EXISTS ix_rm_batches_destination ON rm_batches (service_id, destination, code);
CREATE INDEX IF NOT EXISTS ix_rm_batches_created ON rm_batches (service_id, created_at);
CREATE INDEX IF NOT EXISTS ix_rm_batches_gtin ON rm_batches (service_id, gtin, lot);
-- Search by prefix (ListQueries: q= as a range on each column; the code's is the primary key).
CREATE INDEX IF NOT EXISTS ix_rm_batches_lot ON rm_batches (service_id, lot);
CREATE INDEX IF NOT EXISTS ix_rm_batches_product ON rm_batches (service_id, product);

-- Organisations that held a lot before its custodian (a read permission: Permissions.MayReadBatch).
CREATE TABLE IF NOT EXISTS rm_batch_holders
(
    service_id TEXT NOT NULL,
    batch      TEXT NOT NULL,
    holder     TEXT NOT NULL,
    PRIMARY KEY (service_id, batch, holder)
);
CREATE INDEX IF NOT EXISTS ix_rm_batch_holders_holder ON rm_batch_holders (service_id, holder, batch);

-- The farms whose harvests a lot holds: a harvest its farm, a derived lot the union of its parents' (one level per
-- projection, parents are projected before their children).
CREATE TABLE IF NOT EXISTS rm_batch_farms
(
    service_id TEXT NOT NULL,
    batch      TEXT NOT NULL,
    farm       TEXT NOT NULL,
    PRIMARY KEY (service_id, batch, farm)
);
CREATE INDEX IF NOT EXISTS ix_rm_batch_farms_farm ON rm_batch_farms (service_id, farm, batch);

-- Where a lot's shipments went: each shipping event twice, under its destination and under that organisation's
-- country, with its time (the destination= filter, and "shipped to Japan in June" as one index range per lot).
CREATE TABLE IF NOT EXISTS rm_batch_destinations
(
    service_id  TEXT NOT NULL,
    batch       TEXT NOT NULL,
    destination TEXT NOT NULL,
    sequence    INTEGER NOT NULL,
    shipped_at  TEXT NOT NULL,
    PRIMARY KEY (service_id, batch, destination, sequence)
);
CREATE INDEX IF NOT EXISTS ix_rm_batch_destinations ON rm_batch_destinations (service_id, destination, batch, shipped_at);

CREATE TABLE IF NOT EXISTS rm_events
(
    service_id        TEXT NOT NULL,
    batch             TEXT NOT NULL,
    sequence          INTEGER NOT NULL,
    event_id          TEXT NOT NULL,
    event_type        TEXT NOT NULL,
    biz_step          TEXT NOT NULL,
    disposition       TEXT,
    event_time        TEXT NOT NULL,
    event_offset      INTEGER NOT NULL,
    record_time       TEXT NOT NULL,
    read_point        TEXT,
    biz_location      TEXT,
    actor             TEXT NOT NULL,
    quantity          TEXT,
    unit              TEXT,
    destination       TEXT,
    inputs            TEXT NOT NULL,
    outputs           TEXT NOT NULL,
    sensors           TEXT NOT NULL,
    documents         TEXT NOT NULL,
    reason            TEXT,
    hash              TEXT NOT NULL,
    epcis_pending     INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (service_id, batch, sequence)
);
CREATE INDEX IF NOT EXISTS ix_rm_events_step ON rm_events (service_id, biz_step, event_time);
CREATE INDEX IF NOT EXISTS ix_rm_events_time ON rm_events (service_id, event_time);
-- Events not yet in the EPCIS repository (Epcis/EpcisProjector): a row is written pending and cleared once its EPCIS
-- form is stored (or a captured event stands for it); the partial index holds only the few pending rows.
CREATE INDEX IF NOT EXISTS ix_rm_events_epcis_pending ON rm_events (service_id, batch, sequence) WHERE epcis_pending;

CREATE TABLE IF NOT EXISTS rm_lineage
(
    service_id TEXT NOT NULL,
    child      TEXT NOT NULL,
    parent     TEXT NOT NULL,
    quantity   TEXT NOT NULL,
    unit       TEXT NOT NULL,
    PRIMARY KEY (service_id, child, parent)
);
CREATE INDEX IF NOT EXISTS ix_rm_lineage_parent ON rm_lineage (service_id, parent);

CREATE TABLE IF NOT EXISTS rm_farms
(
    service_id    TEXT NOT NULL,
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    owner         TEXT NOT NULL,
    commune       TEXT NOT NULL,
    district      TEXT NOT NULL,
    province      TEXT NOT NULL,
    area_ha       TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    version       INTEGER NOT NULL,
    projected_at  TEXT NOT NULL,
    PRIMARY KEY (service_id, code)
);
CREATE INDEX IF NOT EXISTS ix_rm_farms_owner ON rm_farms (service_id, owner, code);
CREATE INDEX IF NOT EXISTS ix_rm_farms_commune ON rm_farms (service_id, commune, code);

CREATE TABLE IF NOT EXISTS rm_authorisations
(
    service_id        TEXT NOT NULL,
    farm              TEXT NOT NULL,
    gi                TEXT NOT NULL,
    status            TEXT NOT NULL,
    valid_from        TEXT NOT NULL,
    valid_from_offset INTEGER NOT NULL,
    valid_to          TEXT,
    valid_to_offset   INTEGER,
    reference         TEXT NOT NULL,
    PRIMARY KEY (service_id, farm, gi)
);
CREATE INDEX IF NOT EXISTS ix_rm_authorisations_gi ON rm_authorisations (service_id, gi, farm);

CREATE TABLE IF NOT EXISTS rm_certificates
(
    service_id    TEXT NOT NULL,
    number        TEXT NOT NULL,
    name_vi       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    product       TEXT NOT NULL,
    holder        TEXT NOT NULL,
    status        TEXT NOT NULL,
    valid_from    TEXT NOT NULL,
    valid_to      TEXT,
    registered_at TEXT NOT NULL,
    version       INTEGER NOT NULL,
    projected_at  TEXT NOT NULL,
    PRIMARY KEY (service_id, number)
);

CREATE TABLE IF NOT EXISTS rm_organisations
(
    service_id    TEXT NOT NULL,
    id            TEXT NOT NULL,
    name          TEXT NOT NULL,
    roles         TEXT NOT NULL,
    commune       TEXT,
    country       TEXT,
    code_space    TEXT,
    registered_at TEXT NOT NULL,
    version       INTEGER NOT NULL,
    projected_at  TEXT NOT NULL,
    PRIMARY KEY (service_id, id)
);

-- Nguon's alerts (silo/Alerts): findings of the GI alert rules with their workflow. Not rm_*: an alert's state and
-- its changes are the authority's and inspectors' own records, not derived, and survive a read-model rebuild.
CREATE TABLE IF NOT EXISTS nguon_alerts
(
    service_id   TEXT NOT NULL,
    id           TEXT NOT NULL,
    rule         TEXT NOT NULL,
    gi           TEXT NOT NULL,
    season       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    summary      TEXT NOT NULL,
    evidence     TEXT NOT NULL,
    state        TEXT NOT NULL,
    raised_at    TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    changes      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (service_id, id)
);
CREATE INDEX IF NOT EXISTS ix_nguon_alerts_gi ON nguon_alerts (service_id, gi, season, rule, id);
CREATE INDEX IF NOT EXISTS ix_nguon_alerts_state ON nguon_alerts (service_id, state, id);

CREATE TABLE IF NOT EXISTS nguon_alert_changes
(
    service_id TEXT NOT NULL,
    alert      TEXT NOT NULL,
    sequence   INTEGER NOT NULL,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    state      TEXT NOT NULL,
    note       TEXT NOT NULL,
    PRIMARY KEY (service_id, alert, sequence)
);

-- Label scans no lot answers to, under a GI product's GTIN: a count per GTIN and day, nothing about who scanned.
CREATE TABLE IF NOT EXISTS nguon_scan_misses
(
    service_id TEXT NOT NULL,
    gi         TEXT NOT NULL,
    gtin       TEXT NOT NULL,
    day        TEXT NOT NULL,
    scans      INTEGER NOT NULL,
    PRIMARY KEY (service_id, gi, day, gtin)
);

-- EPCIS 2.0 events as captured (silo/Epcis): the capturing organisation's record, not derived, so not rm_* and kept
-- through a read-model rebuild. body is the event as captured, with its eventID (the CBV 2.0 hash ID when the event
-- had none) and recordTime filled in; hash_id is always the hash ID of its content, so a re-capture of the same event
-- finds its row and an eventID reused for other content is told apart. The columns beside body are what the query
-- interface filters and orders on. seq orders answers and pages.
CREATE TABLE IF NOT EXISTS nguon_epcis_events
(
    seq            INTEGER PRIMARY KEY,
    service_id     TEXT NOT NULL,
    event_id       TEXT NOT NULL,
    hash_id        TEXT NOT NULL,
    capture_id     TEXT NOT NULL,
    organisation   TEXT NOT NULL,
    batch          TEXT,
    event_type     TEXT NOT NULL,
    action         TEXT,
    event_time     TEXT NOT NULL,
    record_time    TEXT NOT NULL,
    biz_step       TEXT,
    disposition    TEXT,
    read_point     TEXT,
    biz_location   TEXT,
    error_declared INTEGER NOT NULL,
    body           TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_nguon_epcis_events_id ON nguon_epcis_events (service_id, event_id);
CREATE INDEX IF NOT EXISTS ix_nguon_epcis_events_time ON nguon_epcis_events (service_id, event_time, seq);
CREATE INDEX IF NOT EXISTS ix_nguon_epcis_events_record ON nguon_epcis_events (service_id, record_time, seq);
CREATE INDEX IF NOT EXISTS ix_nguon_epcis_events_step ON nguon_epcis_events (service_id, biz_step, event_time, seq);
-- Only events applied to a Nguon lot have a batch, and only they are read by it (a reader's readable lots): a partial
-- index costs a capture of other events nothing (it replaced ix_nguon_epcis_events_batch, on every row).
CREATE INDEX IF NOT EXISTS ix_nguon_epcis_events_lot ON nguon_epcis_events (service_id, batch, seq) WHERE batch IS NOT NULL;
DROP INDEX IF EXISTS ix_nguon_epcis_events_batch;
-- A reader who sees only some events reads its own by organisation (EpcisQueryStore: its own and readable lots' events as
-- two pages merged), in event-time order, or by bizStep in event-time order: a bizStep it never used answers at once.
CREATE INDEX IF NOT EXISTS ix_nguon_epcis_events_org_time ON nguon_epcis_events (service_id, organisation, event_time, seq);
CREATE INDEX IF NOT EXISTS ix_nguon_epcis_events_org_step ON nguon_epcis_events (service_id, organisation, biz_step, event_time, seq);

-- Every EPC and EPC class an event names, in its canonical form (an EPC URN where the identifier has one), with its
-- role: epc (epcList), child (childEPCs), parent (parentID), input, output, and the quantity roles quantity, child_quantity,
-- input_quantity, output_quantity (their epcClass, quantity and uom).
CREATE TABLE IF NOT EXISTS nguon_epcis_epcs
(
    service_id TEXT NOT NULL,
    epc        TEXT NOT NULL,
    event_id   TEXT NOT NULL,
    role       TEXT NOT NULL,
    n          INTEGER NOT NULL,
    quantity   REAL,
    uom        TEXT,
    PRIMARY KEY (service_id, epc, event_id, role, n)
);
CREATE INDEX IF NOT EXISTS ix_nguon_epcis_epcs_event ON nguon_epcis_epcs (service_id, event_id);

-- The sensor reports of an event (sensorElementList[].sensorReport[]), for EQ_type, EQ_deviceID, EQ_chemicalSubstance
-- and the value comparisons of the query interface.
CREATE TABLE IF NOT EXISTS nguon_epcis_sensor_reports
(
    service_id         TEXT NOT NULL,
    event_id           TEXT NOT NULL,
    n                  INTEGER NOT NULL,
    type               TEXT,
    device_id          TEXT,
    chemical_substance TEXT,
    microorganism      TEXT,
    value              REAL,
    uom                TEXT,
    PRIMARY KEY (service_id, event_id, n)
);
CREATE INDEX IF NOT EXISTS ix_nguon_epcis_sensor_reports_type ON nguon_epcis_sensor_reports (service_id, type, event_id);

-- Capture jobs (POST /epcis/capture): written once, when the job has finished; errors is a JSON list, capped.
CREATE TABLE IF NOT EXISTS nguon_epcis_captures
(
    service_id   TEXT NOT NULL,
    capture_id   TEXT NOT NULL,
    organisation TEXT NOT NULL,
    behaviour    TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    finished_at  TEXT NOT NULL,
    success      INTEGER NOT NULL,
    events       INTEGER NOT NULL,
    stored       INTEGER NOT NULL,
    errors       TEXT NOT NULL,
    PRIMARY KEY (service_id, capture_id)
);

-- The last sweep that found every grain row projected (any silo): reads report it as their watermark's floor.
CREATE TABLE IF NOT EXISTS rm_sweeps
(
    service_id TEXT PRIMARY KEY,
    swept_at   TEXT NOT NULL,
    fixed      INTEGER NOT NULL
);

COMMIT;
