package io.tributary.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * The framework's layering, as the house style lays it down: the public API does not leak internals, RocksDB stays
 * inside the RocksDB state backend, and the framework knows nothing of Spring Boot. Main classes only.
 */
class LayeringTest {

    private static final String INTERNALS = "io.tributary.internals..";

    private static final JavaClasses FRAMEWORK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tributary");

    @Test
    void publicApiDoesNotExposeInternals() {
        ArchRule rule = classes()
                .that().resideOutsideOfPackage(INTERNALS)
                .and(arePartOfTheApi())
                .should(notExposeTypesFrom(INTERNALS))
                .because("users import io.tributary.api, .state, .serde, ...; the machinery in ..internals.. may "
                        + "change at any time and must never appear in a public signature");

        rule.check(FRAMEWORK);
    }

    @Test
    void onlyTheRocksDbStateBackendUsesRocksDb() {
        ArchRule rule = noClasses()
                .that().resideOutsideOfPackage("io.tributary.internals.state.rocksdb..")
                .should().dependOnClassesThat().resideInAPackage("org.rocksdb..")
                .because("one place imports RocksDB: the state backend's internals");

        rule.check(FRAMEWORK);
    }

    @Test
    void frameworkDoesNotDependOnSpringBoot() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("io.tributary..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.boot..")
                .because("the framework runs without Spring Boot; the starter adapts it");

        rule.check(FRAMEWORK);
    }

    /** Public top-level classes and public classes nested in them, the ones a user can name. */
    private static DescribedPredicate<JavaClass> arePartOfTheApi() {
        return DescribedPredicate.describe("are part of the API", LayeringTest::isVisibleApi);
    }

    private static boolean isVisibleApi(JavaClass javaClass) {
        if (javaClass.isAnonymousClass() || javaClass.isLocalClass()
                || !javaClass.getModifiers().contains(JavaModifier.PUBLIC)) {
            return false;
        }
        return javaClass.getEnclosingClass().map(LayeringTest::isVisibleApi).orElse(true);
    }

    /**
     * Fails for every public or protected field, constructor or method, and every supertype, whose types (raw, type
     * arguments, bounds, declared exceptions) include a class from the given package.
     */
    private static ArchCondition<JavaClass> notExposeTypesFrom(String packageIdentifier) {
        return new ArchCondition<>("not expose types from " + packageIdentifier + " in public signatures") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                List<String> leaks = new ArrayList<>();
                javaClass.getSuperclass().ifPresent(type ->
                        collectLeaks("extends", type, packageIdentifier, leaks));
                for (JavaType type : javaClass.getInterfaces()) {
                    collectLeaks("implements", type, packageIdentifier, leaks);
                }
                for (JavaField field : javaClass.getFields()) {
                    if (isExposed(field)) {
                        collectLeaks("field " + field.getName(), field.getType(), packageIdentifier, leaks);
                    }
                }
                for (JavaCodeUnit codeUnit : javaClass.getCodeUnits()) {
                    if (!isExposed(codeUnit)) {
                        continue;
                    }
                    String where = codeUnit.getFullName();
                    collectLeaks(where + " returns", codeUnit.getReturnType(), packageIdentifier, leaks);
                    for (JavaType parameter : codeUnit.getParameterTypes()) {
                        collectLeaks(where + " takes", parameter, packageIdentifier, leaks);
                    }
                    for (JavaClass thrown : codeUnit.getThrowsClause().getTypes()) {
                        collectLeaks(where + " throws", thrown, packageIdentifier, leaks);
                    }
                }
                for (String leak : leaks) {
                    events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName() + ": " + leak));
                }
                if (leaks.isEmpty()) {
                    events.add(SimpleConditionEvent.satisfied(javaClass,
                            javaClass.getName() + " exposes nothing from " + packageIdentifier));
                }
            }
        };
    }

    private static boolean isExposed(JavaMember member) {
        Set<JavaModifier> modifiers = member.getModifiers();
        boolean visible = modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
        return visible && !modifiers.contains(JavaModifier.SYNTHETIC) && !modifiers.contains(JavaModifier.BRIDGE);
    }

    private static void collectLeaks(String where, JavaType type, String packageIdentifier, List<String> leaks) {
        DescribedPredicate<JavaClass> inPackage = JavaClass.Predicates.resideInAPackage(packageIdentifier);
        Set<JavaClass> involved = new LinkedHashSet<>(type.getAllInvolvedRawTypes());
        involved.add(type.toErasure());
        for (JavaClass raw : involved) {
            if (inPackage.test(raw.getBaseComponentType())) {
                leaks.add(where + " " + raw.getName());
            }
        }
    }
}
