#!/usr/bin/env python3
"""normalize_corpus.py DATA_DIR — every facility name and address of the
shared data (DATA_DIR/matching) as records for test/bench/normalize_speed.c:
kind ('N' name, 'A' address), the country as written (may be empty), the
text, each followed by a NUL byte.  Written to stdout."""
import csv
import glob
import json
import os
import sys

csv.field_size_limit(1 << 24)
root = os.path.join(sys.argv[1], "matching")
out = sys.stdout.buffer


def put(kind, country, text):
    if text is None:
        return
    for part in (kind, country or "", text):
        out.write(part.encode("utf-8", "surrogatepass").replace(b"\0", b" ") + b"\0")


def rows(path):
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        for r in csv.DictReader(f, skipinitialspace=True):
            yield {(k or "").strip(): v for k, v in r.items()}


def join(*parts):
    return ", ".join(p for p in parts if p and p.strip())


p = os.path.join(root, "osh_training_pairs.csv")
if os.path.exists(p):
    for r in rows(p):
        for s in "ab":
            put("N", r[s + "_country"], r[s + "_name"])
            put("A", r[s + "_country"], r[s + "_address"])
for p in sorted(glob.glob(os.path.join(root, "osh_lists", "*.csv"))):
    for r in rows(p):
        put("N", r["country"], r["name"])
        put("A", r["country"], r["address"])
p = os.path.join(root, "chicago_early_childhood_sites_true_ids.csv")
if os.path.exists(p):
    for r in rows(p):
        put("N", "US", r.get("Site name"))
        put("A", "US", r.get("Address"))
for p in sorted(glob.glob(os.path.join(root, "febrl_dataset4*.csv"))):
    for r in rows(p):
        put("N", "AU", join(r.get("given_name"), r.get("surname")))
        put("A", "AU", join(r.get("street_number"), r.get("address_1"), r.get("address_2"),
                            r.get("suburb"), r.get("postcode"), r.get("state")))
sl = os.path.join(root, "supplier_lists")
for p in sorted(glob.glob(os.path.join(sl, "adidas_*.csv"))):
    for r in rows(p):
        put("N", r["location"], r["account_name"])
        put("N", r["location"], r.get("parent_organization_name"))
        put("A", r["location"], join(r["address_1"], r["address_2"], r["address_3"], r["city"],
                                     r["zip_code"], r["province"]))
        put("A", r["location"], r["address_1"])
p = os.path.join(sl, "nike_2019_manufacturing_map.csv")
if os.path.exists(p):
    for r in rows(p):
        put("N", r["country"], r["name"])
        put("N", r["country"], r["supplier_name"])
        put("A", r["country"], join(r["address"], r["city"], r["state"], r["postal_code"]))
        put("A", r["country"], r["address"])
p = os.path.join(sl, "esprit_2019_02.csv")
if os.path.exists(p):
    for r in rows(p):
        put("N", r["country"], r["factory_name"])
        put("N", r["country"], r["parent_company"])
        put("A", r["country"], r["address"])
for p in sorted(glob.glob(os.path.join(sl, "apple_*.csv"))):
    for r in rows(p):
        put("N", "", r["supplier_name"])
        put("A", "", r["supplier_address"])
p = os.path.join(sl, "acer_2018.csv")
if os.path.exists(p):
    for r in rows(p):
        put("N", "", r["supplier_name"])
        put("A", "", r["supplier_address"])
for p in sorted(glob.glob(os.path.join(root, "osh_facilities", "*.csv"))):
    for r in rows(p):
        if "parent_company" in r:
            put("N", "", r["parent_company"])
        else:
            put("N", r["country_code"], r["name"])
            put("A", r["country_code"], r["address"])
