#!/usr/bin/env bash
# Regenerates the FHIR R4 model (src/SmartReasoning.Fhir/Model/Generated) from hl7.fhir.r4.examples@4.0.1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
package=$("$root/tools/fetch-fhir-package.sh")
dotnet run --project "$root/tools/FhirModelGenerator" -c Release -- "$package" "$root/src/SmartReasoning.Fhir/Model/Generated"
