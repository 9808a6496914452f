#!/usr/bin/env bash
# Lints the SAM template with cfn-lint; any error or warning fails the run.
# Extra arguments go to cfn-lint, e.g. --include-checks I for informational findings.
set -euo pipefail

cd "$(dirname "$0")/.."

if ! command -v cfn-lint >/dev/null 2>&1; then
    echo "cfn-lint is not installed; install it with: pip install cfn-lint" >&2
    exit 127
fi

cfn-lint --version
cfn-lint "$@" -- template.yaml
echo "template.yaml: no cfn-lint findings"
