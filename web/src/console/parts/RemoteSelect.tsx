import { Select, type SelectProps } from 'antd';
import { useState } from 'react';
import { toQuery } from '../../api/client';
import type { Department, Items, Paged, Role } from '../../api/types';
import { useApi } from '../../hooks/useApi';

/** Departments, searched on the server as the user types. */
export function DepartmentSelect({
  current,
  ...props
}: SelectProps<number> & { current?: { id: number | null; name: string | null } }) {
  const [q, setQ] = useState('');
  const { data, loading } = useApi<Paged<Department>>(`/departments${toQuery({ q, pageSize: 50 })}`);
  const options = data?.items.map((department) => ({ value: department.id, label: department.name })) ?? [];
  // Keep the current value labelled even when it is not on the first page of results.
  if (current?.id && current.name && !options.some((option) => option.value === current.id)) {
    options.unshift({ value: current.id, label: current.name });
  }
  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      loading={loading}
      options={options}
      {...props}
    />
  );
}

/** The roles of `/api/v1/roles`. */
export function RoleSelect(props: SelectProps<string>) {
  const { data, loading } = useApi<Items<Role>>('/roles');
  return (
    <Select<string>
      allowClear
      loading={loading}
      options={data?.items.map((role) => ({ value: role.code, label: role.name }))}
      {...props}
    />
  );
}
