/**
 * Bounded parsing of untrusted JSON ({@link dev.mandate.vc.json.BoundedJson}) and JSON Pointer
 * helpers ({@link dev.mandate.vc.json.JsonPointers}) for the paths of verification problems.
 */
package dev.mandate.vc.json;
