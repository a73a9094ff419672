-- Nguon: Orleans ADO.NET schema for PostgreSQL (grain persistence, clustering, reminders).
--
-- Derived from the dotnet/orleans scripts under src/AdoNet (MIT License,
-- Copyright (c) .NET Foundation and Contributors), commit e558829b0b0f696e98c222438106e643fb53928f
-- (main, 2026-08-22, v10.2.2+318; the mirror has no v10.3/v10.4 tags. Its query keys match
-- those the 10.4.2 NuGet assemblies require; v10.2.2 lacks CleanupDefunctSiloEntriesKey):
--   Shared/PostgreSQL-Main.sql, Orleans.Persistence.AdoNet/PostgreSQL-Persistence.sql,
--   Orleans.Clustering.AdoNet/PostgreSQL-Clustering.sql, Orleans.Reminders.AdoNet/PostgreSQL-Reminders.sql
--
-- Made re-runnable; tables, columns, functions and query texts are unchanged:
--   CREATE TABLE/INDEX -> ... IF NOT EXISTS, CREATE FUNCTION -> CREATE OR REPLACE FUNCTION,
--   INSERT INTO OrleansQuery ... ON CONFLICT (QueryKey) DO UPDATE (re-running refreshes the query texts).
-- The whole script is one transaction holding an advisory lock, so concurrent runs serialise.
-- Additions: Nguon's nguon_store_format and nguon_schema_script tables, an index for deleting expired idempotency
-- records, and lz4 compression of the state column (at the end).
-- Apply with: psql -v ON_ERROR_STOP=1 -f postgresql.sql "<connection>"

BEGIN;
DO $$ BEGIN PERFORM pg_advisory_xact_lock(hashtext('nguon.orleans.schema')); END $$;

-- ============================================================================
-- Shared/PostgreSQL-Main.sql (0 OrleansQuery rows)
-- ============================================================================

-- requires Postgres 9.5 (or perhaps higher)

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



-- This table defines Orleans operational queries. Orleans uses these to manage its operations,
-- these are the only queries Orleans issues to the database.
-- These can be redefined (e.g. to provide non-destructive updates) provided the stated interface principles hold.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) NOT NULL,
    QueryText varchar(8000) NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY(QueryKey)
);

-- ============================================================================
-- Orleans.Persistence.AdoNet/PostgreSQL-Persistence.sql (4 OrleansQuery rows)
-- ============================================================================

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    grainidhash integer NOT NULL,
    grainidn0 bigint NOT NULL,
    grainidn1 bigint NOT NULL,
    graintypehash integer NOT NULL,
    graintypestring character varying(512)  NOT NULL,
    grainidextensionstring character varying(512) ,
    serviceid character varying(150)  NOT NULL,
    payloadbinary bytea,
    modifiedon timestamp without time zone NOT NULL,
    version integer
);

CREATE INDEX IF NOT EXISTS ix_orleansstorage
    ON orleansstorage USING btree
    (grainidhash, graintypehash);

CREATE OR REPLACE FUNCTION writetostorage(
    _grainidhash integer,
    _grainidn0 bigint,
    _grainidn1 bigint,
    _graintypehash integer,
    _graintypestring character varying,
    _grainidextensionstring character varying,
    _serviceid character varying,
    _grainstateversion integer,
    _payloadbinary bytea)
    RETURNS TABLE(newgrainstateversion integer)
    LANGUAGE 'plpgsql'
AS $function$
    DECLARE
     _newGrainStateVersion integer := _GrainStateVersion;
     RowCountVar integer := 0;

    BEGIN

    -- Grain state is not null, so the state must have been read from the storage before.
    -- Let's try to update it.
    --
    -- When Orleans is running in normal, non-split state, there will
    -- be only one grain with the given ID and type combination only. This
    -- grain saves states mostly serially if Orleans guarantees are upheld. Even
    -- if not, the updates should work correctly due to version number.
    --
    -- In split brain situations there can be a situation where there are two or more
    -- grains with the given ID and type combination. When they try to INSERT
    -- concurrently, the table needs to be locked pessimistically before one of
    -- the grains gets @GrainStateVersion = 1 in return and the other grains will fail
    -- to update storage. The following arrangement is made to reduce locking in normal operation.
    --
    -- If the version number explicitly returned is still the same, Orleans interprets it so the update did not succeed
    -- and throws an InconsistentStateException.
    --
    -- See further information at https://learn.microsoft.com/dotnet/orleans/grains/grain-persistence.
    IF _GrainStateVersion IS NOT NULL
    THEN
        UPDATE OrleansStorage
        SET
            PayloadBinary = _PayloadBinary,
            ModifiedOn = (now() at time zone 'utc'),
            Version = Version + 1

        WHERE
            GrainIdHash = _GrainIdHash AND _GrainIdHash IS NOT NULL
            AND GrainTypeHash = _GrainTypeHash AND _GrainTypeHash IS NOT NULL
            AND GrainIdN0 = _GrainIdN0 AND _GrainIdN0 IS NOT NULL
            AND GrainIdN1 = _GrainIdN1 AND _GrainIdN1 IS NOT NULL
            AND GrainTypeString = _GrainTypeString AND _GrainTypeString IS NOT NULL
            AND ((_GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString = _GrainIdExtensionString) OR _GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL)
            AND ServiceId = _ServiceId AND _ServiceId IS NOT NULL
            AND Version IS NOT NULL AND Version = _GrainStateVersion AND _GrainStateVersion IS NOT NULL;

        GET DIAGNOSTICS RowCountVar = ROW_COUNT;
        IF RowCountVar > 0
        THEN
            _newGrainStateVersion := _GrainStateVersion + 1;
        END IF;
    END IF;

    -- The grain state has not been read. The following locks rather pessimistically
    -- to ensure only one INSERT succeeds.
    IF _GrainStateVersion IS NULL
    THEN
        INSERT INTO OrleansStorage
        (
            GrainIdHash,
            GrainIdN0,
            GrainIdN1,
            GrainTypeHash,
            GrainTypeString,
            GrainIdExtensionString,
            ServiceId,
            PayloadBinary,
            ModifiedOn,
            Version
        )
        SELECT
            _GrainIdHash,
            _GrainIdN0,
            _GrainIdN1,
            _GrainTypeHash,
            _GrainTypeString,
            _GrainIdExtensionString,
            _ServiceId,
            _PayloadBinary,
           (now() at time zone 'utc'),
            1
        WHERE NOT EXISTS
         (
            -- There should not be any version of this grain state.
            SELECT 1
            FROM OrleansStorage
            WHERE
                GrainIdHash = _GrainIdHash AND _GrainIdHash IS NOT NULL
                AND GrainTypeHash = _GrainTypeHash AND _GrainTypeHash IS NOT NULL
                AND GrainIdN0 = _GrainIdN0 AND _GrainIdN0 IS NOT NULL
                AND GrainIdN1 = _GrainIdN1 AND _GrainIdN1 IS NOT NULL
                AND GrainTypeString = _GrainTypeString AND _GrainTypeString IS NOT NULL
                AND ((_GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString = _GrainIdExtensionString) OR _GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL)
                AND ServiceId = _ServiceId AND _ServiceId IS NOT NULL
         );

        GET DIAGNOSTICS RowCountVar = ROW_COUNT;
        IF RowCountVar > 0
        THEN
            _newGrainStateVersion := 1;
        END IF;
    END IF;

    RETURN QUERY SELECT _newGrainStateVersion AS NewGrainStateVersion;
END

$function$;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'WriteToStorageKey','

        select * from WriteToStorage(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'ReadFromStorageKey','
    SELECT
        PayloadBinary,
        (now() at time zone ''utc''),
        Version
    FROM
        OrleansStorage
    WHERE
        GrainIdHash = @GrainIdHash
        AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
        AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
        AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
        AND GrainTypeString = @GrainTypeString AND GrainTypeString IS NOT NULL
        AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString = @GrainIdExtensionString) OR @GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL)
        AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'ClearStorageKey','
    UPDATE OrleansStorage
    SET
        PayloadBinary = NULL,
        Version = Version + 1
    WHERE
        GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
        AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
        AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
        AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
        AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
        AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString = @GrainIdExtensionString) OR @GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL)
        AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
        AND Version IS NOT NULL AND Version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
    Returning Version as NewGrainStateVersion
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'DeleteStorageKey','
    DELETE FROM OrleansStorage
    WHERE
        GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
        AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
        AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
        AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
        AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
        AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString = @GrainIdExtensionString) OR @GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL)
        AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
        AND Version IS NOT NULL AND Version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
    Returning Version + 1 as NewGrainStateVersion
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- ============================================================================
-- Orleans.Clustering.AdoNet/PostgreSQL-Clustering.sql (9 OrleansQuery rows)
-- ============================================================================

-- For each deployment, there will be only one (active) membership version table version column which will be updated periodically.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL,
    Timestamp timestamptz(3) NOT NULL DEFAULT now(),
    Version integer NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY(DeploymentId)
);

-- Every silo instance has a row in the membership table.
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL,
    Address varchar(45) NOT NULL,
    Port integer NOT NULL,
    Generation integer NOT NULL,
    SiloName varchar(150) NOT NULL,
    HostName varchar(150) NOT NULL,
    Status integer NOT NULL,
    ProxyPort integer NULL,
    SuspectTimes varchar(8000) NULL,
    StartTime timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,

    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY(DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

CREATE OR REPLACE FUNCTION update_i_am_alive_time(
    deployment_id OrleansMembershipTable.DeploymentId%TYPE,
    address_arg OrleansMembershipTable.Address%TYPE,
    port_arg OrleansMembershipTable.Port%TYPE,
    generation_arg OrleansMembershipTable.Generation%TYPE,
    i_am_alive_time OrleansMembershipTable.IAmAliveTime%TYPE)
  RETURNS void AS
$func$
BEGIN
    -- This is expected to never fail by Orleans, so return value
    -- is not needed nor is it checked.
    UPDATE OrleansMembershipTable as d
    SET
        IAmAliveTime = i_am_alive_time
    WHERE
        d.DeploymentId = deployment_id AND deployment_id IS NOT NULL
        AND d.Address = address_arg AND address_arg IS NOT NULL
        AND d.Port = port_arg AND port_arg IS NOT NULL
        AND d.Generation = generation_arg AND generation_arg IS NOT NULL;
END
$func$ LANGUAGE plpgsql;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'UpdateIAmAlivetimeKey','
    -- This is expected to never fail by Orleans, so return value
    -- is not needed nor is it checked.
    SELECT * from update_i_am_alive_time(
        @DeploymentId,
        @Address,
        @Port,
        @Generation,
        @IAmAliveTime
    );
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

CREATE OR REPLACE FUNCTION insert_membership_version(
    DeploymentIdArg OrleansMembershipTable.DeploymentId%TYPE
)
  RETURNS TABLE(row_count integer) AS
$func$
DECLARE
    RowCountVar int := 0;
BEGIN

    BEGIN

        INSERT INTO OrleansMembershipVersionTable
        (
            DeploymentId
        )
        SELECT DeploymentIdArg
        ON CONFLICT (DeploymentId) DO NOTHING;

        GET DIAGNOSTICS RowCountVar = ROW_COUNT;

        ASSERT RowCountVar <> 0, 'no rows affected, rollback';

        RETURN QUERY SELECT RowCountVar;
    EXCEPTION
    WHEN assert_failure THEN
        RETURN QUERY SELECT RowCountVar;
    END;

END
$func$ LANGUAGE plpgsql;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'InsertMembershipVersionKey','
    SELECT * FROM insert_membership_version(
        @DeploymentId
    );
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

CREATE OR REPLACE FUNCTION insert_membership(
    DeploymentIdArg OrleansMembershipTable.DeploymentId%TYPE,
    AddressArg      OrleansMembershipTable.Address%TYPE,
    PortArg         OrleansMembershipTable.Port%TYPE,
    GenerationArg   OrleansMembershipTable.Generation%TYPE,
    SiloNameArg     OrleansMembershipTable.SiloName%TYPE,
    HostNameArg     OrleansMembershipTable.HostName%TYPE,
    StatusArg       OrleansMembershipTable.Status%TYPE,
    ProxyPortArg    OrleansMembershipTable.ProxyPort%TYPE,
    StartTimeArg    OrleansMembershipTable.StartTime%TYPE,
    IAmAliveTimeArg OrleansMembershipTable.IAmAliveTime%TYPE,
    VersionArg      OrleansMembershipVersionTable.Version%TYPE)
  RETURNS TABLE(row_count integer) AS
$func$
DECLARE
    RowCountVar int := 0;
BEGIN

    BEGIN
        INSERT INTO OrleansMembershipTable
        (
            DeploymentId,
            Address,
            Port,
            Generation,
            SiloName,
            HostName,
            Status,
            ProxyPort,
            StartTime,
            IAmAliveTime
        )
        SELECT
            DeploymentIdArg,
            AddressArg,
            PortArg,
            GenerationArg,
            SiloNameArg,
            HostNameArg,
            StatusArg,
            ProxyPortArg,
            StartTimeArg,
            IAmAliveTimeArg
        ON CONFLICT (DeploymentId, Address, Port, Generation) DO
            NOTHING;


        GET DIAGNOSTICS RowCountVar = ROW_COUNT;

        UPDATE OrleansMembershipVersionTable
        SET
            Timestamp = now(),
            Version = Version + 1
        WHERE
            DeploymentId = DeploymentIdArg AND DeploymentIdArg IS NOT NULL
            AND Version = VersionArg AND VersionArg IS NOT NULL
            AND RowCountVar > 0;

        GET DIAGNOSTICS RowCountVar = ROW_COUNT;

        ASSERT RowCountVar <> 0, 'no rows affected, rollback';


        RETURN QUERY SELECT RowCountVar;
    EXCEPTION
    WHEN assert_failure THEN
        RETURN QUERY SELECT RowCountVar;
    END;

END
$func$ LANGUAGE plpgsql;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'InsertMembershipKey','
    SELECT * FROM insert_membership(
        @DeploymentId,
        @Address,
        @Port,
        @Generation,
        @SiloName,
        @HostName,
        @Status,
        @ProxyPort,
        @StartTime,
        @IAmAliveTime,
        @Version
    );
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

CREATE OR REPLACE FUNCTION update_membership(
    DeploymentIdArg OrleansMembershipTable.DeploymentId%TYPE,
    AddressArg      OrleansMembershipTable.Address%TYPE,
    PortArg         OrleansMembershipTable.Port%TYPE,
    GenerationArg   OrleansMembershipTable.Generation%TYPE,
    StatusArg       OrleansMembershipTable.Status%TYPE,
    SuspectTimesArg OrleansMembershipTable.SuspectTimes%TYPE,
    IAmAliveTimeArg OrleansMembershipTable.IAmAliveTime%TYPE,
    VersionArg      OrleansMembershipVersionTable.Version%TYPE
  )
  RETURNS TABLE(row_count integer) AS
$func$
DECLARE
    RowCountVar int := 0;
BEGIN

    BEGIN

    UPDATE OrleansMembershipVersionTable
    SET
        Timestamp = now(),
        Version = Version + 1
    WHERE
        DeploymentId = DeploymentIdArg AND DeploymentIdArg IS NOT NULL
        AND Version = VersionArg AND VersionArg IS NOT NULL;


    GET DIAGNOSTICS RowCountVar = ROW_COUNT;

    UPDATE OrleansMembershipTable
    SET
        Status = StatusArg,
        SuspectTimes = SuspectTimesArg,
        IAmAliveTime = IAmAliveTimeArg
    WHERE
        DeploymentId = DeploymentIdArg AND DeploymentIdArg IS NOT NULL
        AND Address = AddressArg AND AddressArg IS NOT NULL
        AND Port = PortArg AND PortArg IS NOT NULL
        AND Generation = GenerationArg AND GenerationArg IS NOT NULL
        AND RowCountVar > 0;


        GET DIAGNOSTICS RowCountVar = ROW_COUNT;

        ASSERT RowCountVar <> 0, 'no rows affected, rollback';


        RETURN QUERY SELECT RowCountVar;
    EXCEPTION
    WHEN assert_failure THEN
        RETURN QUERY SELECT RowCountVar;
    END;

END
$func$ LANGUAGE plpgsql;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'UpdateMembershipKey','
    SELECT * FROM update_membership(
        @DeploymentId,
        @Address,
        @Port,
        @Generation,
        @Status,
        @SuspectTimes,
        @IAmAliveTime,
        @Version
    );
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'MembershipReadRowKey','
    SELECT
        v.DeploymentId,
        m.Address,
        m.Port,
        m.Generation,
        m.SiloName,
        m.HostName,
        m.Status,
        m.ProxyPort,
        m.SuspectTimes,
        m.StartTime,
        m.IAmAliveTime,
        v.Version
    FROM
        OrleansMembershipVersionTable v
        -- This ensures the version table will returned even if there is no matching membership row.
        LEFT OUTER JOIN OrleansMembershipTable m ON v.DeploymentId = m.DeploymentId
        AND Address = @Address AND @Address IS NOT NULL
        AND Port = @Port AND @Port IS NOT NULL
        AND Generation = @Generation AND @Generation IS NOT NULL
    WHERE
        v.DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'MembershipReadAllKey','
    SELECT
        v.DeploymentId,
        m.Address,
        m.Port,
        m.Generation,
        m.SiloName,
        m.HostName,
        m.Status,
        m.ProxyPort,
        m.SuspectTimes,
        m.StartTime,
        m.IAmAliveTime,
        v.Version
    FROM
        OrleansMembershipVersionTable v LEFT OUTER JOIN OrleansMembershipTable m
        ON v.DeploymentId = m.DeploymentId
    WHERE
        v.DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'DeleteMembershipTableEntriesKey','
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
    DELETE FROM OrleansMembershipVersionTable
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'GatewaysQueryKey','
    SELECT
        Address,
        ProxyPort,
        Generation
    FROM
        OrleansMembershipTable
    WHERE
        DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
        AND Status = @Status AND @Status IS NOT NULL
        AND ProxyPort > 0;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'CleanupDefunctSiloEntriesKey',
    'DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
        AND @DeploymentId IS NOT NULL
        AND IAmAliveTime < @IAmAliveTime
        AND Status != 3;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- ============================================================================
-- Orleans.Reminders.AdoNet/PostgreSQL-Reminders.sql (7 OrleansQuery rows)
-- ============================================================================

-- Orleans Reminders table - https://learn.microsoft.com/dotnet/orleans/grains/timers-and-reminders
CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId varchar(150) NOT NULL,
    GrainId varchar(150) NOT NULL,
    ReminderName varchar(150) NOT NULL,
    StartTime timestamptz(3) NOT NULL,
    Period bigint NOT NULL,
    GrainHash integer NOT NULL,
    Version integer NOT NULL,

    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName PRIMARY KEY(ServiceId, GrainId, ReminderName)
);

CREATE OR REPLACE FUNCTION upsert_reminder_row(
    ServiceIdArg    OrleansRemindersTable.ServiceId%TYPE,
    GrainIdArg      OrleansRemindersTable.GrainId%TYPE,
    ReminderNameArg OrleansRemindersTable.ReminderName%TYPE,
    StartTimeArg    OrleansRemindersTable.StartTime%TYPE,
    PeriodArg       OrleansRemindersTable.Period%TYPE,
    GrainHashArg    OrleansRemindersTable.GrainHash%TYPE
  )
  RETURNS TABLE(version integer) AS
$func$
DECLARE
    VersionVar int := 0;
BEGIN

    INSERT INTO OrleansRemindersTable
    (
        ServiceId,
        GrainId,
        ReminderName,
        StartTime,
        Period,
        GrainHash,
        Version
    )
    SELECT
        ServiceIdArg,
        GrainIdArg,
        ReminderNameArg,
        StartTimeArg,
        PeriodArg,
        GrainHashArg,
        0
    ON CONFLICT (ServiceId, GrainId, ReminderName)
        DO UPDATE SET
            StartTime = excluded.StartTime,
            Period = excluded.Period,
            GrainHash = excluded.GrainHash,
            Version = OrleansRemindersTable.Version + 1
    RETURNING
        OrleansRemindersTable.Version INTO STRICT VersionVar;

    RETURN QUERY SELECT VersionVar AS versionr;

END
$func$ LANGUAGE plpgsql;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'UpsertReminderRowKey','
    SELECT * FROM upsert_reminder_row(
        @ServiceId,
        @GrainId,
        @ReminderName,
        @StartTime,
        @Period,
        @GrainHash
    );
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'ReadReminderRowsKey','
    SELECT
        GrainId,
        ReminderName,
        StartTime,
        Period,
        Version
    FROM OrleansRemindersTable
    WHERE
        ServiceId = @ServiceId AND @ServiceId IS NOT NULL
        AND GrainId = @GrainId AND @GrainId IS NOT NULL;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'ReadReminderRowKey','
    SELECT
        GrainId,
        ReminderName,
        StartTime,
        Period,
        Version
    FROM OrleansRemindersTable
    WHERE
        ServiceId = @ServiceId AND @ServiceId IS NOT NULL
        AND GrainId = @GrainId AND @GrainId IS NOT NULL
        AND ReminderName = @ReminderName AND @ReminderName IS NOT NULL;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'ReadRangeRows1Key','
    SELECT
        GrainId,
        ReminderName,
        StartTime,
        Period,
        Version
    FROM OrleansRemindersTable
    WHERE
        ServiceId = @ServiceId AND @ServiceId IS NOT NULL
        AND GrainHash > @BeginHash AND @BeginHash IS NOT NULL
        AND GrainHash <= @EndHash AND @EndHash IS NOT NULL;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'ReadRangeRows2Key','
    SELECT
        GrainId,
        ReminderName,
        StartTime,
        Period,
        Version
    FROM OrleansRemindersTable
    WHERE
        ServiceId = @ServiceId AND @ServiceId IS NOT NULL
        AND ((GrainHash > @BeginHash AND @BeginHash IS NOT NULL)
        OR (GrainHash <= @EndHash AND @EndHash IS NOT NULL));
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

CREATE OR REPLACE FUNCTION delete_reminder_row(
    ServiceIdArg    OrleansRemindersTable.ServiceId%TYPE,
    GrainIdArg      OrleansRemindersTable.GrainId%TYPE,
    ReminderNameArg OrleansRemindersTable.ReminderName%TYPE,
    VersionArg      OrleansRemindersTable.Version%TYPE
)
  RETURNS TABLE(row_count integer) AS
$func$
DECLARE
    RowCountVar int := 0;
BEGIN


    DELETE FROM OrleansRemindersTable
    WHERE
        ServiceId = ServiceIdArg AND ServiceIdArg IS NOT NULL
        AND GrainId = GrainIdArg AND GrainIdArg IS NOT NULL
        AND ReminderName = ReminderNameArg AND ReminderNameArg IS NOT NULL
        AND Version = VersionArg AND VersionArg IS NOT NULL;

    GET DIAGNOSTICS RowCountVar = ROW_COUNT;

    RETURN QUERY SELECT RowCountVar;

END
$func$ LANGUAGE plpgsql;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'DeleteReminderRowKey','
    SELECT * FROM delete_reminder_row(
        @ServiceId,
        @GrainId,
        @ReminderName,
        @Version
    );
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'DeleteReminderRowsKey','
    DELETE FROM OrleansRemindersTable
    WHERE
        ServiceId = @ServiceId AND @ServiceId IS NOT NULL;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- ============================================================================
-- Nguon's own: the store format this database holds (silo/Hosting/StoreFormat.cs). One row, written by the
-- first silo on an empty store; a silo refuses a store of another format instead of misreading it.
-- ============================================================================
CREATE TABLE IF NOT EXISTS nguon_store_format
(
    id         SMALLINT PRIMARY KEY CHECK (id = 1),
    version    INTEGER NOT NULL,
    written_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Nguon's own: the digest of this script as a silo last applied it (silo/Hosting/PostgresSchemaMigration.cs). A silo
-- whose script has that digest does not run it again, so a restart beside a live cluster takes none of its table locks.
CREATE TABLE IF NOT EXISTS nguon_schema_script
(
    id         SMALLINT PRIMARY KEY CHECK (id = 1),
    sha256     TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Nguon's own: idempotency records expire (Nguon:Idempotency:Retention) and each silo deletes them by age
-- (silo/Hosting/IdempotencySweeper.cs); this partial index keeps that sweep from reading the whole table.
CREATE INDEX IF NOT EXISTS ix_orleansstorage_idempotency ON orleansstorage (serviceid, modifiedon)
    WHERE grainidextensionstring LIKE '~idempotency/%';

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
    body         BYTEA NOT NULL,
    answered_at  TIMESTAMPTZ NOT NULL,
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
CREATE INDEX IF NOT EXISTS ix_orleansstorage_key ON orleansstorage (serviceid, grainidextensionstring);

CREATE TABLE IF NOT EXISTS rm_batches
(
    service_id          TEXT NOT NULL,
    code                TEXT NOT NULL,
    gtin                TEXT,
    lot                 TEXT,
    product             TEXT NOT NULL,
    variety             TEXT,
    quantity            NUMERIC NOT NULL,
    unit                TEXT NOT NULL,
    remaining           NUMERIC NOT NULL,
    gi_claim            TEXT,
    origin_kind         TEXT NOT NULL,
    farm                TEXT,
    season              TEXT,
    custodian           TEXT NOT NULL,
    first_custodian     TEXT,
    destination         TEXT,
    destination_country TEXT,
    status              TEXT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    created_offset      INTEGER NOT NULL DEFAULT 0,
    last_event_at       TIMESTAMPTZ NOT NULL,
    last_event_offset   INTEGER NOT NULL DEFAULT 0,
    event_count         INTEGER NOT NULL,
    head_hash           TEXT NOT NULL,
    version             INTEGER NOT NULL,
    projected_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (service_id, code)
) WITH (fillfactor = 80);
CREATE INDEX IF NOT EXISTS ix_rm_batches_gi ON rm_batches (service_id, gi_claim, code);
-- A GI's lots of one season and status (the inspectors' usual search), read in key order without filtering.
CREATE INDEX IF NOT EXISTS ix_rm_batches_gi_season ON rm_batches (service_id, gi_claim, season, status, code);
CREATE INDEX IF NOT EXISTS ix_rm_batches_custodian ON rm_batches (service_id, custodian, code);
CREATE INDEX IF NOT EXISTS ix_rm_batches_destination ON rm_batches (service_id, destination, code);
CREATE INDEX IF NOT EXISTS ix_rm_batches_created ON rm_batches (service_id, created_at);
CREATE INDEX IF NOT EXISTS ix_rm_batches_gtin ON rm_batches (service_id, gtin, lot);
-- Search by prefix (ListQueries: q= as a byte-wise range on each column, whatever the database's locale, which a
-- generic plan can use too).
CREATE INDEX IF NOT EXISTS ix_rm_batches_code_c ON rm_batches (service_id, code COLLATE "C");
CREATE INDEX IF NOT EXISTS ix_rm_batches_lot_c ON rm_batches (service_id, lot COLLATE "C");
CREATE INDEX IF NOT EXISTS ix_rm_batches_product_c ON rm_batches (service_id, product COLLATE "C");

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
    shipped_at  TIMESTAMPTZ NOT NULL,
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
    event_time        TIMESTAMPTZ NOT NULL,
    event_offset      INTEGER NOT NULL,
    record_time       TIMESTAMPTZ NOT NULL,
    read_point        TEXT,
    biz_location      TEXT,
    actor             TEXT NOT NULL,
    quantity          NUMERIC,
    unit              TEXT,
    destination       TEXT,
    inputs            TEXT NOT NULL,
    outputs           TEXT NOT NULL,
    sensors           TEXT NOT NULL,
    documents         TEXT NOT NULL,
    reason            TEXT,
    hash              TEXT NOT NULL,
    epcis_pending     BOOLEAN NOT NULL DEFAULT TRUE,
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
    quantity   NUMERIC NOT NULL,
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
    area_ha       NUMERIC NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL,
    version       INTEGER NOT NULL,
    projected_at  TIMESTAMPTZ NOT NULL,
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
    valid_from        TIMESTAMPTZ NOT NULL,
    valid_from_offset INTEGER NOT NULL,
    valid_to          TIMESTAMPTZ,
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
    valid_from    TIMESTAMPTZ NOT NULL,
    valid_to      TIMESTAMPTZ,
    registered_at TIMESTAMPTZ NOT NULL,
    version       INTEGER NOT NULL,
    projected_at  TIMESTAMPTZ NOT NULL,
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
    registered_at TIMESTAMPTZ NOT NULL,
    version       INTEGER NOT NULL,
    projected_at  TIMESTAMPTZ NOT NULL,
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
    raised_at    TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
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
    at         TIMESTAMPTZ NOT NULL,
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
    scans      BIGINT NOT NULL,
    PRIMARY KEY (service_id, gi, day, gtin)
);

-- EPCIS 2.0 events as captured (silo/Epcis): the capturing organisation's record, not derived, so not rm_* and kept
-- through a read-model rebuild. body is the event as captured, with its eventID (the CBV 2.0 hash ID when the event
-- had none) and recordTime filled in; hash_id is always the hash ID of its content, so a re-capture of the same event
-- finds its row and an eventID reused for other content is told apart. The columns beside body are what the query
-- interface filters and orders on. seq orders answers and pages.
CREATE TABLE IF NOT EXISTS nguon_epcis_events
(
    seq            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_id     TEXT NOT NULL,
    event_id       TEXT NOT NULL,
    hash_id        TEXT NOT NULL,
    capture_id     TEXT NOT NULL,
    organisation   TEXT NOT NULL,
    batch          TEXT,
    event_type     TEXT NOT NULL,
    action         TEXT,
    event_time     TIMESTAMPTZ NOT NULL,
    record_time    TIMESTAMPTZ NOT NULL,
    biz_step       TEXT,
    disposition    TEXT,
    read_point     TEXT,
    biz_location   TEXT,
    error_declared BOOLEAN NOT NULL,
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
-- input_quantity, output_quantity (their epcClass, quantity and uom). epc compares byte by byte (COLLATE "C"): an
-- idpat pattern's LIKE 'prefix/%' then ranges over the primary key whatever locale the database was made with.
CREATE TABLE IF NOT EXISTS nguon_epcis_epcs
(
    service_id TEXT NOT NULL,
    epc        TEXT COLLATE "C" NOT NULL,
    event_id   TEXT NOT NULL,
    role       TEXT NOT NULL,
    n          INTEGER NOT NULL,
    quantity   NUMERIC,
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
    value              NUMERIC,
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
    created_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ NOT NULL,
    success      BOOLEAN NOT NULL,
    events       INTEGER NOT NULL,
    stored       INTEGER NOT NULL,
    errors       TEXT NOT NULL,
    PRIMARY KEY (service_id, capture_id)
);

-- The last sweep that found every grain row projected (any silo): reads report it as their watermark's floor.
CREATE TABLE IF NOT EXISTS rm_sweeps
(
    service_id TEXT PRIMARY KEY,
    swept_at   TIMESTAMPTZ NOT NULL,
    fixed      BIGINT NOT NULL
);

COMMIT;

-- Nguon: grain state rows are rewritten whole on every write; lz4 compresses them for a fraction of pglz's
-- CPU. Skipped quietly on a server built without lz4. Set only when it is not yet: the ALTER locks the table whole.
DO $$
BEGIN
    IF (SELECT attcompression FROM pg_attribute
        WHERE attrelid = 'orleansstorage'::regclass AND attname = 'payloadbinary') IS DISTINCT FROM 'l' THEN
        ALTER TABLE orleansstorage ALTER COLUMN payloadbinary SET COMPRESSION lz4;
    END IF;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'lz4 compression not available: %', SQLERRM;
END
$$;
