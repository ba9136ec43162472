# hredd — PGXS build, plus the two commands of a fresh machine:
#   make demo    install what is missing, build, install, run the demo
#   make test    same set-up, then every test suite
EXTENSION   = hredd
EXTVERSION  = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" hredd.control)

MODULE_big  = hredd
COMMON_SRCS = src/common/fold.c
IDS_PURE    = src/ids/id_common.c src/ids/country_core.c src/ids/os_id_core.c \
              src/ids/lei_core.c src/ids/gln_core.c src/ids/duns_core.c
IDS_FMGR    = src/ids/id_fmgr.c src/ids/country.c src/ids/os_id.c src/ids/lei.c \
              src/ids/gln.c src/ids/duns.c
MATCH_PURE  = src/match/normalize.c src/match/score.c src/match/facility_text.c src/match/cluster.c
MATCH_FMGR  = src/match/facility.c src/match/facility_gin.c src/match/facility_gist.c src/match/cluster_sql.c
GEO_PURE    = src/geo/pip.c
GEO_FMGR    = src/geo/country_at.c
IND_PURE    = src/indicators/value_core.c src/indicators/harmonize_core.c
IND_FMGR    = src/indicators/value.c src/indicators/harmonize.c
PURE_SRCS   = $(COMMON_SRCS) $(IDS_PURE) $(MATCH_PURE) $(GEO_PURE) $(IND_PURE)
OBJS        = src/hredd.o $(patsubst %.c,%.o,$(PURE_SRCS) $(IDS_FMGR) $(MATCH_FMGR) $(GEO_FMGR) $(IND_FMGR))

# PGXS tracks no header dependencies here: rebuild on any header change.
# (This rule comes before PGXS's own, so say which goal plain `make` builds.)
.DEFAULT_GOAL := all
$(OBJS): $(wildcard src/*.h src/*/*.h)

# install script: numbered fragments, concatenated in order
SQL_FRAGMENTS = $(sort $(wildcard src/sql/[0-9][0-9]-*.sql))
DATA_built  = hredd--$(EXTVERSION).sql
DATA        = $(wildcard src/sql/updates/hredd--*.sql)

REGRESS     = identifiers identifier_errors identifier_index matching matching_errors geo geo_errors
REGRESS    += indicators indicators_errors hardening security risk risk_errors risk_data risk_map match_cluster

PG_CONFIG  ?= $(firstword $(wildcard /usr/lib/postgresql/15/bin/pg_config) pg_config)
PG_CFLAGS  += -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
PGXS       := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)

ifeq ($(PGXS),)
# No server headers yet: only the set-up targets work.
all install:
	@echo "PostgreSQL server headers are missing: run 'make demo' or 'make test' (they install them)" >&2; exit 1
else
include $(PGXS)
endif

# A fragment line "-- @data FILE" becomes the contents of FILE as a
# dollar-quoted literal: shipped data needs no file access at CREATE EXTENSION.
SHIPPED_DATA = data/geo/ne_50m_admin0_countries_iso.geojson

# Lines between "-- @postgis-begin" and "-- @postgis-end" become one DO block
# that EXECUTEs them with "@postgis@" replaced by PostGIS's schema (quoted)
# and search_path set to "pg_catalog, hredd, pg_temp" for the region only:
# PostgreSQL 15 has no @extschema:postgis@, and PostGIS's schema (often
# public) must not be on the path of anything hredd runs.
hredd--$(EXTVERSION).sql: $(SQL_FRAGMENTS) $(SHIPPED_DATA) hredd.control Makefile
	@( echo "-- hredd $(EXTVERSION): built from src/sql/NN-*.sql; do not edit."; \
	   printf '%s\n' '\echo Use "CREATE EXTENSION hredd" to load this file. \quit'; \
	   echo "-- Names in this script resolve in hredd and pg_catalog only, never in the schemas"; \
	   echo "-- CREATE EXTENSION adds (public, where PostGIS lives): a CHECK constraint such as"; \
	   echo "-- severity >= 0 binds its operator here, once and for good (CREATE EXTENSION"; \
	   echo "-- restores the caller's path afterwards)."; \
	   echo "SELECT pg_catalog.set_config('search_path', 'hredd, pg_catalog, pg_temp', true);"; \
	   for f in $(SQL_FRAGMENTS); do echo; echo "-- ---- $$f"; \
	     awk 'BEGIN { q = "\047" } \
	          /^\\echo Use .*\\quit$$/ { next } \
	          /^-- @postgis-begin$$/ { if (region) { bad = "nested -- @postgis-begin"; exit 1 } region = 1; \
	            print "DO $$hredd_postgis$$"; \
	            print "DECLARE"; \
	            print "    postgis_schema pg_catalog.text := (SELECT pg_catalog.quote_ident(n.nspname)"; \
	            print "        FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace"; \
	            print "        WHERE e.extname OPERATOR(pg_catalog.=) " q "postgis" q "::pg_catalog.name);"; \
	            print "    caller_path pg_catalog.text := pg_catalog.current_setting(" q "search_path" q ");"; \
	            print "BEGIN"; \
	            print "    IF postgis_schema OPERATOR(pg_catalog.~) " q "[%$$" q q "]" q " THEN"; \
	            print "        RAISE EXCEPTION " q "hredd cannot name PostGIS schema %: it contains %%, $$ or a quote" q ", postgis_schema;"; \
	            print "    END IF;"; \
	            print "    PERFORM pg_catalog.set_config(" q "search_path" q ", " q "pg_catalog, hredd, pg_temp" q ", true);"; \
	            print "    EXECUTE pg_catalog.replace($$hredd_postgis_region$$"; next } \
	          /^-- @postgis-end$$/ { if (!region) { bad = "-- @postgis-end without -- @postgis-begin"; exit 1 } region = 0; \
	            print "$$hredd_postgis_region$$, " q "@postgis@" q ", postgis_schema);"; \
	            print "    PERFORM pg_catalog.set_config(" q "search_path" q ", caller_path, true);"; \
	            print "END"; \
	            print "$$hredd_postgis$$;"; next } \
	          /^-- @data / { printf "$$hredd_data$$"; while ((getline l < $$3) > 0) print l; print "$$hredd_data$$"; next } \
	          { print } \
	          END { if (region && !bad) bad = "-- @postgis-begin without -- @postgis-end"; \
	                if (bad) { print FILENAME ": " bad > "/dev/stderr"; exit 1 } }' $$f || exit 1; \
	   done ) > $@.tmp || { rm -f $@.tmp; exit 1; }; mv $@.tmp $@

.PHONY: setup demo test unit fuzz-smoke fuzz-long regen bench

setup:
	scripts/setup.sh

# Everything a fresh machine needs, then the demo in a throwaway cluster.
demo: setup
	$(MAKE) all
	$(MAKE) install
	scripts/with-cluster.sh demo/demo.sh

# Every suite: pg_regress, pgTAP, shell tests, C unit tests, fuzz smoke.
test: setup
	$(MAKE) all
	$(MAKE) install
	$(MAKE) unit
	$(MAKE) fuzz-smoke
	scripts/with-cluster.sh scripts/run-db-tests.sh

SHARED_DATA ?= $(abspath ../shared/data)

unit:
	$(MAKE) -C test/unit run SHARED_DATA=$(SHARED_DATA)

fuzz-smoke:
	$(MAKE) -C test/fuzz smoke

fuzz-long:
	$(MAKE) -C test/fuzz long

bench:
	scripts/with-cluster.sh test/bench/ids_load.sh

# Developer only: rebuild the compiled-in tables from data/ (needs Python 3).
regen:
	python3 tools/gen_tables.py
	python3 tools/gen_match_tables.py
	python3 tools/gen_match_vocab.py

EXTRA_CLEAN = results regression.diffs regression.out
clean: clean-tests
clean-tests:
	-$(MAKE) -C test/unit clean
	-$(MAKE) -C test/fuzz clean

valgrind:
	scripts/valgrind-check.sh
