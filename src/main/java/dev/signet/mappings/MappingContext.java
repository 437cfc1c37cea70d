package dev.signet.mappings;

import dev.signet.applications.Application;
import dev.signet.directory.Group;
import dev.signet.directory.User;
import dev.signet.mappings.MappingExpressions.VariableSource;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The values an expression sees for one sign-in. The user's groups (and what depends on them) are
 * read only when an expression asks, and then once. Without an application (testing a mapping on
 * its own) the application and provider values are empty.
 */
public final class MappingContext implements VariableSource {
    /** Where the sign-in comes from. */
    public record Request(String clientAddress, String userAgent) {
    }

    private final User user;
    private final Application application;
    private final String providerEntityId;
    private final String acsUrl;
    private final Request request;
    private final Supplier<List<Group>> groupLoader;
    private final AwsFacts aws;
    private List<Group> groups;
    private List<String> awsRoles;

    public MappingContext(User user, Application application, String providerEntityId, String acsUrl, Request request,
                          Supplier<List<Group>> groupLoader, AwsFacts aws) {
        this.user = user;
        this.application = application;
        this.providerEntityId = providerEntityId;
        this.acsUrl = acsUrl;
        this.request = request;
        this.groupLoader = groupLoader;
        this.aws = aws;
    }

    public User user() {
        return user;
    }

    public Application application() {
        return application;
    }

    @Override
    public Object value(String name) {
        return switch (name) {
            case "user.id" -> user.id().toString();
            case "user.username" -> user.username();
            case "user.email" -> user.email() == null ? "" : user.email();
            case "user.name" -> user.displayName() == null ? "" : user.displayName();
            case "user.attributes" -> celValue(user.attributes());
            case "user.groups" -> groups().stream().map(Group::name).toList();
            case "user.group_attributes" -> groupAttributes();
            case "application.slug" -> application == null ? "" : application.slug();
            case "application.name" -> application == null ? "" : application.name();
            case "provider.entity_id" -> providerEntityId == null ? "" : providerEntityId;
            case "provider.acs_url" -> acsUrl == null ? "" : acsUrl;
            case "request.client_address" -> request.clientAddress() == null ? "" : request.clientAddress();
            case "request.user_agent" -> request.userAgent() == null ? "" : request.userAgent();
            case "aws.roles" -> awsRoles();
            case "aws.session_duration" -> application == null ? 0L : (long) aws.sessionDuration(application.id());
            default -> null;
        };
    }

    private List<Group> groups() {
        if (groups == null) {
            groups = groupLoader.get();
        }
        return groups;
    }

    private List<String> awsRoles() {
        if (awsRoles == null) {
            awsRoles = application == null ? List.of() : aws.roles(application.id(), groups());
        }
        return awsRoles;
    }

    private Map<String, Object> groupAttributes() {
        Map<String, Object> byGroup = new LinkedHashMap<>();
        for (Group g : groups()) {
            byGroup.put(g.name(), celValue(g.attributes()));
        }
        return byGroup;
    }

    /** JSON values as CEL expects them: whole numbers as long, other numbers as double. */
    static Object celValue(Object json) {
        if (json == null) {
            return com.google.protobuf.NullValue.NULL_VALUE;
        }
        if (json instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), celValue(v)));
            return out;
        }
        if (json instanceof Collection<?> list) {
            return list.stream().map(MappingContext::celValue).toList();
        }
        if (json instanceof Integer || json instanceof Short || json instanceof Byte) {
            return ((Number) json).longValue();
        }
        if (json instanceof java.math.BigInteger big) {
            return big.longValue();
        }
        if (json instanceof Float || json instanceof java.math.BigDecimal) {
            return ((Number) json).doubleValue();
        }
        return json;
    }
}
