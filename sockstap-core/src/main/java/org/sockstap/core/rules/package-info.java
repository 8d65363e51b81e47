/**
 * Rule expressions in DeleGate's syntax, shared by tap rules, access rules and routes.
 *
 * <p>A {@link org.sockstap.core.rules.HostList} names hosts (names with {@code *} wildcards,
 * IPv4 and IPv6 addresses, CIDR blocks, address/mask, ports, users and {@code !} exclusions); a
 * {@link org.sockstap.core.rules.ProtoList} names protocols; a
 * {@link org.sockstap.core.rules.ConnMap} ({@code ProtoList:dstHostList:srcHostList}) combines
 * them; a {@link org.sockstap.core.rules.TapRule} adds per-connection parameters.
 */
@NullMarked
package org.sockstap.core.rules;

import org.jspecify.annotations.NullMarked;
