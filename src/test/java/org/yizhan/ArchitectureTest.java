package org.yizhan;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/ARCHITECTURE.md, checked on the compiled main classes (not the tests, which
 * may reach across packages to set things up).
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void read() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.yizhan");
    }

    @Test
    @DisplayName("the packages under org.yizhan form no dependency cycle")
    void noCycles() {
        slices().matching("org.yizhan.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    @DisplayName(
            "no package under org.yizhan imports the wiring root (Application, Wiring, ApiRouter, WebConfig, Main)")
    void nothingImportsTheWiringRoot() {
        noClasses()
                .that()
                .resideInAPackage("org.yizhan.(*)..")
                .should()
                .dependOnClassesThat()
                .haveNameMatching("org\\.yizhan\\.(Application|Wiring|ApiRouter|WebConfig|Main)(\\$.*)?")
                .check(classes);
    }

    @Test
    @DisplayName("http depends on no domain package: only on geo and db below it and on the configuration")
    void httpDependsOnNoDomain() {
        noClasses()
                .that()
                .resideInAPackage("org.yizhan.http..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.yizhan.audit..",
                        "org.yizhan.auth..",
                        "org.yizhan.coverage..",
                        "org.yizhan.demand..",
                        "org.yizhan.demo..",
                        "org.yizhan.nearest..",
                        "org.yizhan.ogc..",
                        "org.yizhan.regions..",
                        "org.yizhan.reports..",
                        "org.yizhan.routing..",
                        "org.yizhan.stations..",
                        "org.yizhan.tiles..")
                .check(classes);
    }

    @Test
    @DisplayName("geo, hours and db import no HTTP type: neither org.yizhan.http nor Vert.x Web")
    void lowerLayersKnowNoHttp() {
        noClasses()
                .that()
                .resideInAnyPackage("org.yizhan.geo..", "org.yizhan.hours..", "org.yizhan.db..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.yizhan.http..", "io.vertx.ext.web..")
                .check(classes);
    }
}
