#!/usr/bin/env bash
. "$(dirname "$0")/../lib.sh" && run_unit test_viewsfile
