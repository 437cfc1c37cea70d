package dev.signet.awsemulator;

import java.util.List;
import org.w3c.dom.Element;

/**
 * A SAML response after the checks that need no IAM provider (well-formed, Success, one Assertion, Destination).
 * The Role pairs are read but not yet trusted: they only say which provider to verify the signature with.
 */
record ParsedResponse(String base64, Element response, Element assertion, String assertionId, List<RolePair> roles) {
}
