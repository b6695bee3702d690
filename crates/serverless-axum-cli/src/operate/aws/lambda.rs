//! The `live` alias half of [`Releases`]: GetAlias, ListVersionsByFunction and UpdateAlias.

use std::collections::HashMap;

use anyhow::{Context, Result};
use aws_sdk_lambda::types::AliasRoutingConfiguration;

use super::Aws;

impl Aws {
    pub(super) async fn get_alias(
        &self,
        function: &str,
        alias: &str,
    ) -> Result<crate::operate::cloud::AliasState> {
        let output = self
            .lambda
            .get_alias()
            .function_name(function)
            .name(alias)
            .send()
            .await
            .with_context(|| format!("Lambda GetAlias ({function}:{alias})"))?;
        let version = output
            .function_version()
            .with_context(|| format!("alias {function}:{alias} has no version"))?
            .to_owned();
        let mut weights: Vec<(String, f64)> = output
            .routing_config()
            .and_then(AliasRoutingConfiguration::additional_version_weights)
            .map(|w| w.iter().map(|(v, share)| (v.clone(), *share)).collect())
            .unwrap_or_default();
        weights.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(crate::operate::cloud::AliasState { version, weights })
    }

    pub(super) async fn list_versions(&self, function: &str) -> Result<Vec<u64>> {
        let mut pages = self
            .lambda
            .list_versions_by_function()
            .function_name(function)
            .into_paginator()
            .send();
        let mut versions = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.with_context(|| format!("Lambda ListVersionsByFunction ({function})"))?;
            // `$LATEST` is not a published version; every other one is a number.
            versions.extend(
                page.versions()
                    .iter()
                    .filter_map(|f| f.version()?.parse::<u64>().ok()),
            );
        }
        versions.sort_unstable();
        Ok(versions)
    }

    pub(super) async fn update_alias(
        &self,
        function: &str,
        alias: &str,
        version: &str,
    ) -> Result<()> {
        self.lambda
            .update_alias()
            .function_name(function)
            .name(alias)
            .function_version(version)
            // An empty map ends a traffic split: the version alone takes every request.
            .routing_config(
                AliasRoutingConfiguration::builder()
                    .set_additional_version_weights(Some(HashMap::new()))
                    .build(),
            )
            .send()
            .await
            .with_context(|| format!("Lambda UpdateAlias ({function}:{alias} → {version})"))?;
        Ok(())
    }
}
