{{/* The chart's name. */}}
{{- define "nos.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the release name, with the chart's name unless the release name holds it. */}}
{{- define "nos.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "nos.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The operator's selector labels. */}}
{{- define "nos.selectorLabels" -}}
app.kubernetes.io/name: {{ include "nos.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{/* The labels of every object of the chart. */}}
{{- define "nos.labels" -}}
helm.sh/chart: {{ include "nos.chart" . }}
{{ include "nos.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: nos
{{- end }}

{{- define "nos.serviceAccountName" -}}
{{- default (include "nos.fullname" .) .Values.serviceAccount.name }}
{{- end }}

{{/* repository:tag of an entry of .Values.images; the tag defaults to the chart's appVersion. */}}
{{- define "nos.image" -}}
{{- $image := index .root.Values.images .name -}}
{{- printf "%s:%s" $image.repository (default .root.Chart.AppVersion $image.tag) }}
{{- end }}

{{/*
The operator's rules: exactly what it does, plus what it grants the controller pods' Roles (RBAC lets a subject
create a Role or RoleBinding only with permissions it holds itself, ControllerResources.role in the operator).
*/}}
{{- define "nos.rules" -}}
# its reconcilers' primary and secondary informers, and the informer that drops a deleted search's meters
- apiGroups: ["nos.dev"]
  resources: ["optimizersearches"]
  verbs: ["get", "list", "watch"]
# patch: phase, conditions, counts and best (server-side apply); get: held to grant it to a controller
- apiGroups: ["nos.dev"]
  resources: ["optimizersearches/status"]
  verbs: ["get", "patch"]
# delete: folded batches; create, patch, update: held to grant them to a controller
- apiGroups: ["nos.dev"]
  resources: ["trialbatches"]
  verbs: ["get", "list", "watch", "delete", "create", "patch", "update"]
# the workers' records (server-side apply)
- apiGroups: ["nos.dev"]
  resources: ["trialbatches/status"]
  verbs: ["patch"]
# worker Jobs and the controller's Job; deletecollection: a folded batch's worker Jobs, by label
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "deletecollection"]
# worker pods: each record is the worker container's termination message
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
# a search's controller: its ServiceAccount and its state volume claim
- apiGroups: [""]
  resources: ["serviceaccounts", "persistentvolumeclaims"]
  verbs: ["create"]
# a search's controller: its Role and RoleBinding
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles", "rolebindings"]
  verbs: ["create"]
{{- end }}
