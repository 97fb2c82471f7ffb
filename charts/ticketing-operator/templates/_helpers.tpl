{{/* The release's full name, capped at 63 characters (a label value and a DNS label). */}}
{{- define "ticketing-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "ticketing-operator.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "ticketing-operator.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "ticketing-operator.serviceAccountName" -}}
{{- default (include "ticketing-operator.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{/*
What the operator does to a sale's objects, in the namespaces it watches: exactly the calls it makes
(RbacTest records them from the operator's test suite and checks both directions against these rules).
"get" on ticketingsales: JOSDK re-reads a sale when writing its status meets a conflict (409) and retries.
*/}}
{{- define "ticketing-operator.saleRules" -}}
- apiGroups: ["ticketing.dev"]
  resources: ["ticketingsales"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["ticketing.dev"]
  resources: ["ticketingsales/status"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["list", "watch", "create", "update"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["list", "watch", "create"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["get", "create", "update"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["list", "watch", "create", "update"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["list", "watch", "create", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["list", "watch", "create"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["list", "watch", "create", "delete"]
{{- end -}}
