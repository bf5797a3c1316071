<?xml version="1.0" encoding="UTF-8"?>
<!-- Glossator's wrapper around the ISO Schematron reference skeleton (not part of it).
     The skeleton decides whether rules visit attribute nodes in the global variable
     context-xpath, testing "parent::node()" with the document node as context, which is
     always false: rules with attribute contexts (tbx:termNote/@type in TBX-Basic_DCA.sch)
     would never fire. Importing lets this stylesheet redefine the variable. -->
<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="iso_svrl_for_xslt2.xsl"/>
  <xsl:variable name="context-xpath">@*|*</xsl:variable>
</xsl:stylesheet>
