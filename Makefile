# hredd — PGXS build, plus the two commands of a fresh machine:
#   make demo    install what is missing, build, install, run the demo
#   make test    same set-up, then every test suite
EXTENSION   = hredd
EXTVERSION  = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" hredd.control)

MODULE_big  = hredd
COMMON_SRCS = src/common/fold.c
IDS_PURE    = src/ids/id_common.c src/ids/country_core.c src/ids/os_id_core.c \
              src/ids/lei_core.c src/ids/gln_core.c src/ids/duns_core.c \
              src/ids/uscc_core.c src/ids/gstin_core.c src/ids/vn_mst_core.c src/ids/bd_bin_core.c \
              src/ids/tr_vkn_core.c src/ids/company_core.c
IDS_FMGR    = src/ids/id_fmgr.c src/ids/country.c src/ids/os_id.c src/ids/lei.c \
              src/ids/gln.c src/ids/duns.c src/ids/id16.c src/ids/uscc.c src/ids/gstin.c \
              src/ids/vn_mst.c src/ids/bd_bin.c src/ids/tr_vkn.c src/ids/company.c
MATCH_PURE  = src/match/normalize.c src/match/score.c src/match/model.c src/match/facility_text.c src/match/cluster.c src/match/em.c
MATCH_FMGR  = src/match/facility.c src/match/facility_gin.c src/match/facility_gist.c src/match/cluster_sql.c src/match/em_sql.c
GEO_PURE    = src/geo/pip.c
GEO_FMGR    = src/geo/country_at.c
IND_PURE    = src/indicators/value_core.c src/indicators/harmonize_core.c
RISK_PURE   = src/risk/risk_core.c
RISK_FMGR   = src/risk/risk_assess.c
IND_FMGR    = src/indicators/value.c src/indicators/harmonize.c src/indicators/harmonize_read.c \
              src/indicators/harmonize_write.c
SUPPLY_PURE = src/supply/csv_core.c src/supply/osh_items_core.c src/supply/osh_fields_core.c src/supply/osh_record_core.c src/supply/supply_walk_core.c
SUPPLY_FMGR = src/supply/osh_items.c src/supply/osh_fields.c src/supply/osh_record.c src/supply/osh_write.c src/supply/osh_file.c src/supply/supply_graph.c
PURE_SRCS   = $(COMMON_SRCS) $(IDS_PURE) $(MATCH_PURE) $(GEO_PURE) $(IND_PURE) $(RISK_PURE) $(SUPPLY_PURE)
OBJS        = src/hredd.o $(patsubst %.c,%.o,$(PURE_SRCS) $(IDS_FMGR) $(MATCH_FMGR) $(GEO_FMGR) $(IND_FMGR) $(RISK_FMGR) $(SUPPLY_FMGR))

# PGXS tracks no header dependencies here: rebuild on any header change.
# (This rule comes before PGXS's own, so say which goal plain `make` builds.)
.DEFAULT_GOAL := all
$(OBJS): $(wildcard src/*.h src/*/*.h)

# install script: numbered fragments, concatenated in order.  Released
# versions' scripts are frozen in src/sql/updates/ (hredd--X.sql, and
# hredd--X--Y.sql once Y is released); the upgrade from the last release to
# this version is built from src/sql/updates/<last>--<this>/*.sql in name
# order, processed as the fragments are (docs/development.md, "Releases").
SQL_FRAGMENTS = $(sort $(wildcard src/sql/[0-9][0-9]-*.sql))
UPGRADE_DIR   = $(patsubst %/,%,$(dir $(wildcard src/sql/updates/*--$(EXTVERSION)/*.sql)))
UPGRADE_FROM  = $(patsubst src/sql/updates/%--$(EXTVERSION),%,$(firstword $(UPGRADE_DIR)))
UPGRADE_PARTS = $(sort $(wildcard src/sql/updates/$(UPGRADE_FROM)--$(EXTVERSION)/*.sql))
DATA_built  = hredd--$(EXTVERSION).sql $(if $(UPGRADE_FROM),hredd--$(UPGRADE_FROM)--$(EXTVERSION).sql)
DATA        = $(wildcard src/sql/updates/hredd--*.sql)

REGRESS     = identifiers identifier_errors identifier_index identifiers_sourcing matching matching_errors matching_model geo geo_errors
REGRESS    += indicators indicators_errors hardening security risk risk_errors risk_data risk_map geo_forms fold_countries
REGRESS    += supply supply_osh supply_osh_file supply_audits supply_grievances supply_graph
REGRESS    += match_cluster match_estimate
REGRESS    += citus_copies

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

# Files the fragments embed with "-- @data FILE" (scripts/build-sql.sh says
# what it does with them and with the "-- @postgis-begin/end" regions).
SHIPPED_DATA = $(sort $(shell sed -n 's/^-- @data //p' $(SQL_FRAGMENTS) $(wildcard src/sql/updates/*/*.sql)))

hredd--$(EXTVERSION).sql: $(SQL_FRAGMENTS) $(SHIPPED_DATA) scripts/build-sql.sh hredd.control Makefile
	scripts/build-sql.sh install $(EXTVERSION) $(SQL_FRAGMENTS) > $@.tmp || { rm -f $@.tmp; exit 1; }; mv $@.tmp $@

hredd--$(UPGRADE_FROM)--$(EXTVERSION).sql: $(UPGRADE_PARTS) $(SQL_FRAGMENTS) $(SHIPPED_DATA) scripts/build-sql.sh hredd.control Makefile
	SQL_FRAGMENTS="$(SQL_FRAGMENTS)" scripts/build-sql.sh upgrade $(UPGRADE_FROM) $(EXTVERSION) $(UPGRADE_PARTS) > $@.tmp || { rm -f $@.tmp; exit 1; }; mv $@.tmp $@

.PHONY: setup demo test unit fuzz-smoke fuzz-long regen bench citus-check

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
	$(MAKE) citus-check

# hredd on a Citus cluster (test/citus/, issue 15), when Citus is installed
# next to this PostgreSQL; nothing of Citus is part of hredd.
citus-check:
	@if [ -f "$$($(PG_CONFIG) --sharedir)/extension/citus.control" ]; then scripts/with-cluster.sh bash test/citus/citus.sh; \
	 else echo "citus-check: skipped: Citus not installed (no citus.control in $$($(PG_CONFIG) --sharedir)/extension)"; fi

SHARED_DATA ?= $(abspath ../shared/data)

# The C unit tests, then: the committed generated tables equal what the
# generators compute with the C code now (tools/regen.py --check; the tables
# made from ../shared/data only when it is there).
unit:
	$(MAKE) -C test/unit run SHARED_DATA=$(SHARED_DATA)
	@if [ -d "$(SHARED_DATA)/matching" ]; then SHARED_DATA=$(SHARED_DATA) python3 tools/regen.py --check; \
	 else echo "regen check: $(SHARED_DATA)/matching absent, checking the tables made from data/ only"; \
	      python3 tools/regen.py --check --data-only; fi

fuzz-smoke:
	$(MAKE) -C test/fuzz smoke

fuzz-long:
	$(MAKE) -C test/fuzz long

bench:
	scripts/with-cluster.sh test/bench/ids_load.sh

# Developer only: rebuild the compiled-in tables from data/ and ../shared/data
# (needs Python 3 and gcc), all or nothing: a missing input stops it before
# anything is written (tools/regen.py).  The generators fold, normalise and
# hash with the C code itself (tools/hredd_tool.c, built from the staged tree).
regen:
	SHARED_DATA=$(SHARED_DATA) python3 tools/regen.py

tools/hredd_tool: tools/hredd_tool.c $(PURE_SRCS) $(wildcard src/*/*.h)
	gcc -std=gnu11 -O1 -Wall -Werror -o $@ tools/hredd_tool.c src/common/fold.c src/ids/id_common.c \
	    src/ids/country_core.c src/match/normalize.c src/match/score.c -lm

EXTRA_CLEAN = results regression.diffs regression.out tools/hredd_tool
clean: clean-tests
clean-tests:
	-$(MAKE) -C test/unit clean
	-$(MAKE) -C test/fuzz clean

valgrind:
	scripts/valgrind-check.sh
