/** The issuer side of Bitstring Status List 1.0: status entries on credentials and signed status list credentials. */
package dev.mandate.vc.issuer.status;
