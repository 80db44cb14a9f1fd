-- The Regie page's tables (loaders/regie.py). The plan is rebuilt from
-- loaders/actieplan/w13_2023_2025.yml at every build; the progress
-- records (`regie_changes`) are entered on the Regie page and kept on
-- rebuild (loaders/build.py PRESERVED_TABLES).

create table regie_plan (
    key   varchar primary key,   -- title, document, producer, date, first_year, last_year
    value varchar
);

create table regie_objectives (
    code     varchar primary key,  -- 'WSE-LR1'
    number   varchar not null,
    title    varchar not null,
    partners varchar,
    sort     integer not null
);

create table regie_actions (
    number     varchar primary key,  -- '1.1.1.a'
    objective  varchar not null references regie_objectives (code),
    parent     varchar,              -- the numbered action it belongs to
    title      varchar not null,
    lead       varchar,              -- the plan's words: 'W13 (expert werk) als trekker'
    role       varchar,              -- trekker, deelnemer, schakel (from `lead`)
    leads      varchar[] not null,   -- who carries it, for the filter
    partners   varchar,
    timing     varchar,
    years_text varchar,              -- the plan's 'Werkjaren:' line
    work_years integer[],            -- NULL: the plan names none
    sort       integer not null
);

create table regie_consultations (
    code             varchar primary key,
    name             varchar not null,
    action           varchar references regie_actions (number),
    objective        varchar not null,
    cadence          varchar not null,  -- the plan's words
    minimum_per_year integer,           -- NULL: the plan agrees none
    sort             integer not null
);

create table regie_goals (
    code    varchar primary key,
    number  integer not null,
    title   varchar not null,
    actions varchar[] not null
);

-- goal -> indicator of the store (`indicators` view); `per_*`: the count it
-- is divided by (summed over the area) times `per_scale`, in `per_unit`.
create table regie_goal_indicators (
    goal             varchar not null references regie_goals (code),
    sort             integer not null,
    indicator        varchar not null,
    target_group     varchar not null,
    title            varchar,           -- the page's words (NULL: label and group of the indicator)
    per_indicator    varchar,
    per_target_group varchar,
    per_scale        double,
    per_unit         varchar,
    per_decimals     integer,
    primary key (goal, sort)
);

-- Every progress record: an action's status in a work year, or a meeting
-- held. Never updated except to mark it undone; the current status of an
-- action and year is its latest record not undone.
create table if not exists regie_changes (
    id           integer primary key,
    kind         varchar not null check (kind in ('status', 'overleg')),
    action       varchar,
    year         integer,
    status       varchar,
    consultation varchar,
    held_on      date,
    note         varchar,
    recorded_by  varchar not null,
    recorded_at  timestamp not null,
    undone_by    varchar,
    undone_at    timestamp,
    check ((kind = 'status') = (action is not null and year is not null and status is not null)),
    check ((kind = 'overleg') = (consultation is not null and held_on is not null))
);
