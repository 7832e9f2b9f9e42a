package dev.mandate.vc.model;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The vocabulary {@link JsonLdIntegrity} protects: the namespaces and single IRIs that name what the
 * verifier reads, and the terms (with their IRIs) that the bundled contexts of module {@code vc-jsonld}
 * define, hard-coded here because {@code vc-core} cannot read those files (a test in vc-core compares the
 * table with them).
 */
final class ProtectedVocabulary {
    private ProtectedVocabulary() {}

    static final String CRED = "https://www.w3.org/2018/credentials#";
    static final String CREDENTIALS_NS = "https://www.w3.org/ns/credentials/";
    static final String STATUS = "https://www.w3.org/ns/credentials/status#";
    static final String SEC = "https://w3id.org/security#";
    static final String STATUS_2021 = "https://w3id.org/vc/status-list#";
    static final String AGENT = "https://mandate.dev/ns/agent#";
    static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    static final String RDF_TYPE = RDF + "type";
    static final String DC = "http://purl.org/dc/terms/";
    static final String DC_CREATED = DC + "created";
    static final String XSD = "http://www.w3.org/2001/XMLSchema#";
    static final String SCHEMA = "https://schema.org/";
    static final String SCHEMA_HTTP = "http://schema.org/";
    static final String JWT = "https://www.iana.org/assignments/jwt#";
    static final String JOSE = "https://www.iana.org/assignments/jose#";
    static final String DID = "https://www.w3.org/ns/did#";

    /** Namespaces whose IRIs name what the verifier reads. */
    static final List<String> PROTECTED_NAMESPACES = List.of(CRED, CREDENTIALS_NS, SEC, STATUS_2021, AGENT);

    /** Namespaces under {@link #CREDENTIALS_NS} that bundled contexts use as {@code @vocab} for undefined terms. */
    static final List<String> HARMLESS_NAMESPACES = List.of(
            CREDENTIALS_NS + "issuer-dependent#", CREDENTIALS_NS + "undefined-term#", CREDENTIALS_NS + "examples#");

    /**
     * Single protected IRIs outside the namespaces, each with the one {@code @vocab}-relative name that may
     * reach it (null: none may).
     */
    static final Map<String, String> PROTECTED_IRIS = protectedIris();

    /** Prefixes assumed defined whatever the contexts say: those of the bundled contexts, and rdf. */
    static final Map<String, String> STANDARD_PREFIXES = Map.of(
            "cred", CRED, "sec", SEC, "dc", DC, "xsd", XSD, "rdf", RDF);

    /** Term name to its IRI mappings ("@id"/"@type" for the keyword aliases) in the bundled protected contexts. */
    static final Map<String, Set<String>> BUNDLED_TERMS = bundledTerms();

    /** IRI to the bundled term names that map to it. */
    static final Map<String, Set<String>> BUNDLED_NAMES = namesByIri(BUNDLED_TERMS);



    /** True if {@code iri} names something the verifier reads (see the class comment). */
    static boolean isProtected(String iri) {
        if (PROTECTED_IRIS.containsKey(iri)) {
            return true;
        }
        for (String ns : PROTECTED_NAMESPACES) {
            if (iri.startsWith(ns)) {
                for (String harmless : HARMLESS_NAMESPACES) {
                    if (iri.startsWith(harmless)) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /**
     * True if {@code vocab} followed by some name would be a protected IRI: a proper prefix of a protected
     * namespace, or of a protected IRI other than by that IRI's own term name.
     */
    static boolean leadsIntoProtected(String vocab) {
        for (String ns : PROTECTED_NAMESPACES) {
            if (ns.length() > vocab.length() && ns.startsWith(vocab)) {
                return true;
            }
        }
        for (Map.Entry<String, String> e : PROTECTED_IRIS.entrySet()) {
            String iri = e.getKey();
            if (iri.length() > vocab.length() && iri.startsWith(vocab) && !iri.substring(vocab.length()).equals(e.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** A short name for an IRI in messages, such as {@code credentials#validUntil}. */
    static String label(String iri) {
        if (iri.equals(RDF_TYPE)) {
            return "rdf:type";
        }
        if (iri.equals(DC_CREATED)) {
            return "dc:created";
        }
        String[][] names = {{CRED, "credentials#"}, {STATUS_2021, "status-list#"}, {CREDENTIALS_NS, "ns/credentials/"},
                {SEC, "security#"}, {AGENT, "agent#"}};
        for (String[] n : names) {
            if (iri.startsWith(n[0]) && iri.length() > n[0].length()) {
                return n[1] + iri.substring(n[0].length());
            }
        }
        return JsonValues.quote(iri);
    }

    // ---------------------------------------------------------------- the bundled terms

    static Map<String, String> protectedIris() {
        Map<String, String> m = new HashMap<>();
        m.put(RDF_TYPE, null);
        m.put(DC_CREATED, "created");
        return Collections.unmodifiableMap(m);
    }

    /**
     * Every term (top-level and scoped) of the bundled protected contexts with its IRI mapping, collected
     * from {@code vc-jsonld/src/main/resources/dev/mandate/contexts/}: credentials-v1, credentials-v2,
     * data-integrity-v1/v2, bitstring-status-list-v1, status-list-2021-v1, security-v1/v2, multikey-v1,
     * jwk-v1, did-v1, ed25519-2018-v1, ed25519-2020-v1 and mandate/agent-v1 (194 names). Most map to a
     * namespace followed by their own name; the rest are listed one by one. A test in this module checks
     * the table against those files when they are at hand.
     */
    static Map<String, Set<String>> bundledTerms() {
        Map<String, Set<String>> m = new HashMap<>();
        same(m, CRED, "confidenceMethod credentialSchema credentialStatus credentialSubject digestSRI"
                + " EnvelopedVerifiableCredential EnvelopedVerifiablePresentation evidence expirationDate holder"
                + " issuanceDate issued issuer JsonSchema jsonSchema JsonSchemaCredential JsonSchemaValidator2018"
                + " ManualRefreshService2018 refreshService relatedResource renderMethod termsOfUse validFrom validUntil"
                + " VerifiableCredential verifiableCredential VerifiablePresentation");
        same(m, SEC, "AesKeyWrappingKey2019 allowedAction assertionMethod authenticationTag canonicalizationAlgorithm"
                + " capability capabilityAction capabilityChain caveat challenge cipherAlgorithm cipherData cipherKey"
                + " ciphertext controller cryptosuite DataIntegrityProof delegator DeleteKeyOperation DeriveSecretOperation"
                + " digestAlgorithm digestMultibase digestValue domain EcdsaKoblitzSignature2016 EcdsaSecp256k1Signature2019"
                + " EcdsaSecp256k1VerificationKey2019 EcdsaSecp256r1Signature2019 EcdsaSecp256r1VerificationKey2019"
                + " Ed25519Signature2018 Ed25519Signature2020 Ed25519VerificationKey2018 Ed25519VerificationKey2020"
                + " EncryptedMessage encryptionKey equihashParameterK equihashParameterN EquihashProof2018 expiration"
                + " ExportKeyOperation GenerateKeyOperation GraphSignature2012 initializationVector invocationTarget"
                + " invoker iterationCount JsonWebKey jws kmsModule KmsOperation LinkedDataSignature2015"
                + " LinkedDataSignature2016 Multikey nonce normalizationAlgorithm owner parentCapability password"
                + " plaintext previousProof privateKey privateKeyPem proof proofPurpose proofValue publicKey"
                + " publicKeyBase58 publicKeyJwk publicKeyMultibase publicKeyPem publicKeyService publicKeyWif"
                + " referenceId revoked RevokeKeyOperation RsaSignature2018 RsaVerificationKey2018 salt secretKeyJwk"
                + " secretKeyMultibase Sha256HmacKey2019 signature signatureValue SignOperation UnwrapKeyOperation"
                + " unwrappedKey verificationMethod verifyData VerifyOperation WrapKeyOperation wrappedKey"
                + " X25519KeyAgreementKey2019");
        same(m, STATUS, "BitstringStatusList BitstringStatusListCredential BitstringStatusListEntry encodedList message"
                + " status statusListCredential statusListIndex statusMessage statusPurpose statusReference statusSize ttl");
        same(m, STATUS_2021, "encodedList StatusList2021 StatusList2021Credential StatusList2021Entry statusListCredential"
                + " statusListIndex statusPurpose");
        same(m, AGENT, "action Agent AgentCapabilityCredential AgentDelegationCredential audience buildProvenance"
                + " Capability capability codeDigest constraints currency dataClassification delegationDepth imageDigest"
                + " maxAmount methods owner parentCredential parentCredentialDigest purpose ratePerMinute resource task"
                + " timeOfDay workload workloadId");
        same(m, JWT, "... _sd _sd_alg aud cnf exp iat jwk kid nbf");
        same(m, JOSE, "iss jku kid sub x5u");
        same(m, DID, "service serviceEndpoint");
        put(m, "id", "@id");
        put(m, "type", "@type");
        put(m, "alsoKnownAs", "https://www.w3.org/ns/activitystreams#alsoKnownAs");
        put(m, "authentication", SEC + "authenticationMethod");
        put(m, "capabilityDelegation", SEC + "capabilityDelegationMethod");
        put(m, "capabilityInvocation", SEC + "capabilityInvocationMethod");
        put(m, "keyAgreement", SEC + "keyAgreementMethod");
        put(m, "CryptographicKey", SEC + "Key");
        put(m, "signatureAlgorithm", SEC + "signingAlgorithm");
        put(m, "expires", SEC + "expiration");
        put(m, "created", DC_CREATED);
        put(m, "creator", DC + "creator");
        put(m, "description", SCHEMA + "description");
        put(m, "description", SCHEMA_HTTP + "description");
        put(m, "name", SCHEMA + "name");
        put(m, "name", SCHEMA_HTTP + "name");
        put(m, "mediaType", SCHEMA + "encodingFormat");
        put(m, "cred", CRED);
        put(m, "sec", SEC);
        put(m, "dc", DC);
        put(m, "xsd", XSD);
        Map<String, Set<String>> frozen = new HashMap<>();
        m.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        return Collections.unmodifiableMap(frozen);
    }

    private static void same(Map<String, Set<String>> m, String namespace, String names) {
        for (String name : names.split(" ")) {
            put(m, name, namespace + name);
        }
    }

    private static void put(Map<String, Set<String>> m, String term, String iri) {
        m.computeIfAbsent(term, k -> new HashSet<>()).add(iri);
    }

    static Map<String, Set<String>> namesByIri(Map<String, Set<String>> terms) {
        Map<String, Set<String>> m = new HashMap<>();
        terms.forEach((term, iris) -> iris.forEach(iri -> m.computeIfAbsent(iri, k -> new HashSet<>()).add(term)));
        return Collections.unmodifiableMap(m);
    }
}
