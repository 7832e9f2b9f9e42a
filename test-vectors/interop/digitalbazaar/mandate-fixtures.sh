#!/usr/bin/env bash
# Writes Mandate-made credentials and presentations for every Data Integrity suite and curve to
# RESOURCES_DIR/mandate/, with the CLI from this build (throwaway keys in a temporary key store).
#
#   mvn -q -o -pl cli -am package -DskipTests            # builds cli/target/mandate.jar
#   test-vectors/interop/digitalbazaar/mandate-fixtures.sh test-vectors/src/test/resources/interop
set -euo pipefail
out=${1:?usage: mandate-fixtures.sh test-vectors/src/test/resources/interop}
here=$(cd "$(dirname "$0")" && pwd)
jar=${MANDATE_JAR:-$here/../../../cli/target/mandate.jar}
[ -f "$jar" ] || { echo "mandate-fixtures.sh: no $jar; build it with: mvn -q -o -pl cli -am package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MANDATE_KEYSTORE=$work/keystore MANDATE_PASSPHRASE=interop-throwaway-keys
mandate() { java -jar "$jar" "$@"; }
challenge=interop-challenge-7d1f3c
domain=verifier.interop.example
mkdir -p "$out/mandate"
cat > "$work/credential.json" <<'JSON'
{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
 "credentialSubject": {"id": "did:example:subject", "name": "made by Mandate"}}
JSON
fixture() { # suite curve kind file [challenge domain]
  python3 - "$@" <<'PY'
import json, sys
suite, curve, kind, path = sys.argv[1:5]
f = {"suite": suite, "curve": curve, "kind": kind, "document": json.load(open(path))}
if kind == "presentation":
    f["challenge"], f["domain"] = sys.argv[5], sys.argv[6]
print(json.dumps(f, indent=2))
PY
}
for spec in eddsa-rdfc-2022:Ed25519 eddsa-jcs-2022:Ed25519 ecdsa-rdfc-2019:P-256 ecdsa-rdfc-2019:P-384 \
            ecdsa-jcs-2019:P-256 ecdsa-jcs-2019:P-384; do
  suite=${spec%%:*} curve=${spec#*:} lc=$(echo "${spec#*:}" | tr 'A-Z' 'a-z')
  mandate key generate --type "$curve" --name "issuer-$suite-$lc" > /dev/null
  mandate key generate --type "$curve" --name "holder-$suite-$lc" > /dev/null
  mandate vc issue --key "issuer-$suite-$lc" --suite "$suite" "$work/credential.json" > "$work/vc.json"
  mandate vp create --key "holder-$suite-$lc" --suite "$suite" --challenge "$challenge" --domain "$domain" "$work/vc.json" > "$work/vp.json"
  fixture "$suite" "$curve" credential "$work/vc.json" > "$out/mandate/$suite-$lc-credential.json"
  fixture "$suite" "$curve" presentation "$work/vp.json" "$challenge" "$domain" > "$out/mandate/$suite-$lc-presentation.json"
done
# a VCDM 1.1 credential: Mandate appends the Data Integrity context
cat > "$work/credential11.json" <<'JSON'
{"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"],
 "credentialSubject": {"id": "did:example:subject"}}
JSON
mandate vc issue --key issuer-eddsa-rdfc-2022-ed25519 --suite eddsa-rdfc-2022 "$work/credential11.json" > "$work/vc11.json"
fixture eddsa-rdfc-2022 Ed25519 credential "$work/vc11.json" > "$out/mandate/eddsa-rdfc-2022-ed25519-credential-vcdm11.json"
(cd "$out/mandate" && ls *.json | grep -v '^db-verdicts.json$' | sort > index.txt)
echo "wrote $(wc -l < "$out/mandate/index.txt") Mandate fixtures to $out/mandate" >&2
