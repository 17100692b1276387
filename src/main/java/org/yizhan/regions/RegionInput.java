package org.yizhan.regions;

import org.locationtech.jts.geom.MultiPolygon;

/** A validated region from an import; geometry in WGS 84, already repaired. */
public record RegionInput(
        String code, String name, String level, String parentCode, boolean approximate, MultiPolygon geometry) {}
