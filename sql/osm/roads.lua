-- osm2pgsql flex style for road network imports (docs/routing.md, "OpenStreetMap extracts").
--
-- Keeps only ways whose highway tag is one of the classes the travel modes know (YIZHAN_OSM_HIGHWAYS,
-- comma-separated, given by the server from routing/TravelMode.HIGHWAYS: the one list), with the tags the
-- graph needs, into one staging table of its own schema (osm_import.<YIZHAN_OSM_TABLE>, WGS 84). It never
-- writes the application's tables: the server reads the staged ways back and builds the graph with the same
-- noding as a GeoJSON import (routing/RoadGraph), then drops the table.
--
-- Normalised here, so that every staged way is a valid GeoJSON-import row:
--   oneway  yes/1/true -> 'yes', -1/reverse -> '-1', no/0/false -> 'no'; any other value (reversible,
--           alternating, ...) -> 'no'; absent -> 'yes' on motorways and roundabouts (OSM's implied oneway),
--           else 'no'
--   layer   an integer, or nothing when absent or not an integer
--   bridge, tunnel  as tagged (the graph takes anything but absent/no/false/0 as layered)

local function required_env(name)
    local value = os.getenv(name)
    if value == nil or value == '' then
        error('set ' .. name .. ' (the server does)')
    end
    return value
end

local table_name = required_env('YIZHAN_OSM_TABLE')
if not table_name:match('^[a-z][a-z0-9_]*$') then
    error('YIZHAN_OSM_TABLE must be a plain lower-case identifier')
end

local highways = {}
for class in required_env('YIZHAN_OSM_HIGHWAYS'):gmatch('[^,]+') do
    highways[class] = true
end

local roads = osm2pgsql.define_way_table(table_name, {
    { column = 'highway', type = 'text', not_null = true },
    { column = 'oneway', type = 'text', not_null = true },
    { column = 'bridge', type = 'text' },
    { column = 'tunnel', type = 'text' },
    { column = 'layer', type = 'int' },
    { column = 'geom', type = 'linestring', projection = 4326, not_null = true },
}, { schema = 'osm_import', cluster = 'no', indexes = {} })

local ONEWAY = { yes = 'yes', ['1'] = 'yes', ['true'] = 'yes', ['-1'] = '-1', reverse = '-1',
                 no = 'no', ['0'] = 'no', ['false'] = 'no' }

local function oneway(tags)
    local v = tags.oneway
    if v == nil then
        if tags.highway == 'motorway' or tags.junction == 'roundabout' then
            return 'yes'
        end
        return 'no'
    end
    return ONEWAY[v] or 'no'
end

local function layer(tags)
    local v = tags.layer
    if v ~= nil and v:match('^%-?%d+$') then
        return tonumber(v)
    end
    return nil
end

function osm2pgsql.process_way(object)
    local tags = object.tags
    if not highways[tags.highway] then
        return
    end
    roads:insert({
        highway = tags.highway,
        oneway = oneway(tags),
        bridge = tags.bridge,
        tunnel = tags.tunnel,
        layer = layer(tags),
        geom = object:as_linestring(),
    })
end
