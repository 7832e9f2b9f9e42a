/** {@code mandate audit}: the tamper-evident audit log (append, sign, verify, prove, check-proof). */
package dev.mandate.cli.audit;
