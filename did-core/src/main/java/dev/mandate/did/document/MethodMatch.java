package dev.mandate.did.document;

/**
 * The result of looking up a verification method for a purpose: the method, and whether the document
 * lists it under the requested verification relationship (only then may it be used for that purpose).
 *
 * @param method the verification method found
 * @param authorized true if the method is referenced or embedded under the requested relationship
 */
public record MethodMatch(VerificationMethod method, boolean authorized) {
}
