# Depot: the two commands a newcomer needs are `make run` and `make test`.
# Everything else is CMake; this file only installs, configures and calls.

BUILD      ?= build
ASAN_BUILD ?= build-asan
BENCH_BUILD ?= build-bench
JOBS       ?= $(shell nproc)
# CI=true (as CI sets it) turns warnings into errors.
WERROR     := $(if $(filter true 1,$(CI)),ON,OFF)

.PHONY: all deps test-deps build build-tests build-asan run cluster cluster-down test test-fast test-faults bench format clean fuzz

all: build

deps:
	@scripts/deps.sh run

test-deps:
	@scripts/deps.sh test

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDEPOT_WERROR=$(WERROR) -DDEPOT_BUILD_TESTS=OFF >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

build-tests: test-deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDEPOT_WERROR=$(WERROR) -DDEPOT_BUILD_TESTS=ON >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

build-asan: test-deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DDEPOT_SANITIZE=ON -DDEPOT_WERROR=$(WERROR) >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)

# Loads the demo into an empty database, then serves until Ctrl+C.
run: build
	@$(BUILD)/depot demo seed --if-empty
	@$(BUILD)/depot serve

# Several nodes on this machine (issue 25): the embedded PostgreSQL as
# primary, a streaming replica, two `depot serve` nodes and HAProxy on
# 127.0.0.1:8090 (CLUSTER_PORT), the demo loaded first; `make cluster-down`
# stops it all. README "Running several nodes".
CLUSTER_PORT ?= 8090
cluster: build
	@$(BUILD)/depot demo seed --if-empty
	@$(BUILD)/depot cluster up --port $(CLUSTER_PORT)

cluster-down:
	@$(BUILD)/depot cluster down

# Every test, in the normal build and again under ASan + UBSan.
test: test-deps build-tests build-asan
	@cd $(BUILD) && ctest -j$(JOBS) --output-on-failure
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest -j$(JOBS) --output-on-failure

# The benchmark of issue #10 on a throwaway cluster and server of its own
# (bench/run.sh); QUICK=1 is the small version (under 3 minutes). Figures go
# to bench/results/latest.json; docs/performance.md explains them.
# CLUSTER=1 measures a `depot cluster up` instead (issue 25: scans through
# HAProxy with one node and two, reads from the primary and the replica)
# and writes only latest.json's "cluster" object.
bench: deps
	@cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDEPOT_WERROR=$(WERROR) -DDEPOT_BUILD_TESTS=OFF -DDEPOT_BUILD_BENCH=ON >/dev/null
	@cmake --build $(BENCH_BUILD) -j$(JOBS)
	@bench/run.sh $(BENCH_BUILD) $(if $(filter 1 true yes,$(QUICK)),quick,full) $(if $(filter 1 true yes,$(CLUSTER)),cluster,)

# The fault tests at the issue's size (64 handhelds, 5 s of load before the
# kill, 10,000 connection attempts, a flood of 3,000 slow sockets from one
# address); `make test` runs them in a short form.
test-faults: build-tests
	@cd $(BUILD) && FAULT_HANDHELDS=64 FAULT_LOAD_MS=5000 FAULT_STORM=10000 \
	  FAULT_FLOOD=3000 FAULT_FLOOD_PER_IP=default \
	  ctest -L faults --output-on-failure

# Unit tests of the normal build only: seconds, for the edit loop.
test-fast: build-tests
	@cd $(BUILD) && ctest -j$(JOBS) -L unit --output-on-failure

# The libFuzzer targets for longer than `make test` gives them (seconds each);
# new inputs accumulate in $(BUILD)/fuzz-corpus, seeds stay in tests/fuzz/corpus.
FUZZ_TIME ?= 600
fuzz: build-tests
	@for t in gs1 frame order_json csv; do \
	  mkdir -p $(BUILD)/fuzz-corpus/$$t && \
	  $(BUILD)/tests/fuzz_$$t -max_total_time=$(FUZZ_TIME) -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    $(BUILD)/fuzz-corpus/$$t tests/fuzz/corpus/$$t || exit 1; \
	done

format:
	@scripts/check-format.sh clang-format --fix

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(BENCH_BUILD)
