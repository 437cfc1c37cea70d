package dev.signet.awsemulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What AWS takes from a SAML assertion that passed every check against one IAM SAML provider. */
record CheckedAssertion(ParsedResponse parsed, SamlProviderEntry provider, String issuer, String nameId, String nameIdFormat,
                        String recipient, String roleSessionName, Integer sessionDurationSeconds, String sourceIdentity,
                        Map<String, String> principalTags, List<String> transitiveTagKeys, Instant sessionNotOnOrAfter,
                        Instant usableUntil) {
    private static final String SAML2_NAMEID_PREFIX = "urn:oasis:names:tc:SAML:2.0:nameid-format:";

    /** The role pairs of this provider: the roles this assertion can be used for. */
    List<RolePair> roles() {
        return parsed.roles().stream().filter(p -> p.provider().equals(provider.arn())).toList();
    }

    /** {@code saml:sub_type}: persistent, transient, or the whole format URI for the others. */
    String subjectType() {
        String format = nameIdFormat == null ? "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified" : nameIdFormat;
        return format.startsWith(SAML2_NAMEID_PREFIX) ? format.substring(SAML2_NAMEID_PREFIX.length()) : format;
    }

    /** {@code saml:namequalifier} = Base64(SHA1(issuer + account + "/" + providerName)). */
    String nameQualifier() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1").digest(
                    (issuer + provider.arn().account() + "/" + provider.arn().name()).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The condition keys a trust policy can test, lower-cased (IAM keys are case-insensitive). */
    Map<String, String> trustPolicyContext() {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("saml:aud", recipient);
        context.put("saml:iss", issuer);
        context.put("saml:sub", nameId);
        context.put("saml:sub_type", subjectType());
        context.put("saml:doc", provider.arn().account() + "/" + provider.arn().name());
        context.put("saml:namequalifier", nameQualifier());
        context.put("sts:rolesessionname", roleSessionName);
        if (sourceIdentity != null) {
            context.put("sts:sourceidentity", sourceIdentity);
        }
        principalTags.forEach((k, v) -> context.put("aws:requesttag/" + k.toLowerCase(java.util.Locale.ROOT), v));
        return context;
    }

    /** The actions the trust policy must allow: tags and a source identity each need their own. */
    List<String> requiredActions() {
        List<String> actions = new java.util.ArrayList<>(List.of("sts:AssumeRoleWithSAML"));
        if (!principalTags.isEmpty()) {
            actions.add("sts:TagSession");
        }
        if (sourceIdentity != null) {
            actions.add("sts:SetSourceIdentity");
        }
        return actions;
    }
}
