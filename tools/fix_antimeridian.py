#!/usr/bin/env python3
"""Unwrap the countries whose rings cross the antimeridian (developer tool).

world-atlas stitches Natural Earth's antimeridian cuts (it is drawn on a
sphere), so a ring of Russia or Fiji runs from 179.9 to -179.9.  Read as
planar geometry, such a ring encloses a band around the whole globe, and
repairing it yields that band instead of the country (the shared GeoJSON has
Russia covering Yukon and Greenland at 65-69 N, and Fiji a band through
Bolivia's latitude).  This tool decodes the TopoJSON, makes each ring's
longitudes continuous (values beyond +-180 allowed) and prints the countries
as GeoJSON features; tools/fix_antimeridian.sql then splits them at +-180
with PostGIS and writes the repaired features into the shipped file.

Usage: fix_antimeridian.py countries-50m.json ID [ID ...]  (ISO numeric ids)
"""
import json
import sys


def decode_arcs(topo):
    sx, sy = topo['transform']['scale']
    tx, ty = topo['transform']['translate']
    arcs = []
    for arc in topo['arcs']:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring(arcs, idx):
    pts = []
    for i in idx:
        a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(a if not pts else a[1:])
    # continuous longitudes: never jump by more than 180 degrees
    out = [list(pts[0])]
    for x, y in pts[1:]:
        px = out[-1][0]
        while x - px > 180:
            x -= 360
        while x - px < -180:
            x += 360
        out.append([x, y])
    return out


def main():
    topo = json.load(open(sys.argv[1]))
    arcs = decode_arcs(topo)
    wanted = set(sys.argv[2:])
    feats = []
    for g in topo['objects']['countries']['geometries']:
        if g.get('id') not in wanted:
            continue
        polys = g['arcs'] if g['type'] == 'MultiPolygon' else [g['arcs']]
        coords = [[ring(arcs, r) for r in poly] for poly in polys]
        feats.append({'type': 'Feature', 'properties': {'id': g['id'], 'name': g['properties']['name']},
                      'geometry': {'type': 'MultiPolygon', 'coordinates': coords}})
    json.dump({'type': 'FeatureCollection', 'features': feats}, sys.stdout)


if __name__ == '__main__':
    main()
